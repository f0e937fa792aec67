/** The shop's products. Prices in cents, so no floating-point money. */
export interface Product {
  id: number;
  name: string;
  priceCents: number;
  description: string;
  /**
   * Shipping specs; the page renders them. The mystery box has none, and the product page does not
   * expect that: its one JavaScript error path.
   */
  specs?: { weightGrams: number; origin: string };
}

export const MYSTERY_BOX_ID = 7;

export const CATALOG: readonly Product[] = Object.freeze([
  { id: 1, name: 'Trace Tee', priceCents: 2_400, description: 'A soft cotton tee with a span waterfall print.', specs: { weightGrams: 180, origin: 'Portugal' } },
  { id: 2, name: 'Span Mug', priceCents: 1_400, description: 'Holds exactly one long-running coffee.', specs: { weightGrams: 350, origin: 'Germany' } },
  { id: 3, name: 'Baggage Tote', priceCents: 1_900, description: 'Carries your context across every boundary.', specs: { weightGrams: 220, origin: 'India' } },
  { id: 4, name: 'Exemplar Hoodie', priceCents: 5_900, description: 'Warm, heavy, and linked to its trace.', specs: { weightGrams: 640, origin: 'Portugal' } },
  { id: 5, name: 'Histogram Socks', priceCents: 900, description: 'Two buckets, both le="+Inf".', specs: { weightGrams: 60, origin: 'Italy' } },
  { id: 6, name: 'Sampler Cap', priceCents: 2_100, description: 'Keeps one in ten rays of sun.', specs: { weightGrams: 110, origin: 'Vietnam' } },
  { id: MYSTERY_BOX_ID, name: 'Mystery Box', priceCents: 3_300, description: 'Nobody knows what is inside, not even the product page.' },
  { id: 8, name: 'Collector Sticker Pack', priceCents: 500, description: 'Twelve stickers for your laptop pipeline.', specs: { weightGrams: 20, origin: 'Poland' } },
]);

export function findProduct(id: number): Product | undefined {
  return CATALOG.find((product) => product.id === id);
}

export const formatPrice = (cents: number): string => `$${(cents / 100).toFixed(2)}`;
