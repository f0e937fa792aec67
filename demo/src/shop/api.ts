import { SpanStatusCode, trace } from '@opentelemetry/api';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CATALOG, findProduct, type Product } from './catalog.js';
import type { FaultSwitch } from './faults.js';

const tracer = trace.getTracer('@otel-rum/demo');

const MAX_BODY_BYTES = 16 * 1024;
/** Carts and orders live in memory; the oldest go first beyond this many, so a flood cannot exhaust memory. */
const MAX_ENTRIES = 10_000;
const MAX_QUANTITY = 99;
const CART_COOKIE = 'cart';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface CartLine {
  product: Product;
  quantity: number;
}

export interface Order {
  id: string;
  cartId: string;
  lines: CartLine[];
  totalCents: number;
  paid: boolean;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new HttpError(400, 'request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, value] = part.trim().split('=');
    if (key === name && value) return value;
  }
  return undefined;
}

function boundedSet<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, value);
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) throw new HttpError(400, `"${field}" must be a non-empty string of at most 200 characters`);
  return value;
}

/** The shop's JSON API. Answers `undefined` when a path is not an API route. */
export class ShopApi {
  private readonly carts = new Map<string, Map<number, number>>();
  private readonly orders = new Map<string, Order>();

  constructor(private readonly faults: FaultSwitch) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    try {
      const productMatch = /^\/api\/products\/(\d+)(\/reviews)?$/.exec(path);
      if (method === 'GET' && path === '/api/products') return this.reply(res, CATALOG);
      if (method === 'GET' && productMatch) {
        const product = findProduct(Number(productMatch[1]));
        if (!product) throw new HttpError(404, 'no such product');
        return this.reply(res, productMatch[2] ? await this.reviews(product) : product);
      }
      if (path === '/api/cart') return await this.cart(req, res, method);
      if (method === 'POST' && path === '/api/checkout') return await this.checkout(req, res);
      if (method === 'POST' && path === '/api/payment') return await this.payment(req, res);
      if (method === 'GET' && path.startsWith('/api/account/')) return this.account(req, res, path.slice('/api/account/'.length));
      if (path.startsWith('/api/')) throw new HttpError(404, `no API route ${method} ${path}`);
      return false;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sendJson(res, error.status, { error: error.message });
      return true;
    }
  }

  private reply(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): true {
    sendJson(res, 200, body, headers);
    return true;
  }

  /** The slow endpoint: reviews come from a "recommendation service" that takes its time. */
  private async reviews(product: Product): Promise<{ author: string; stars: number; text: string }[]> {
    return tracer.startActiveSpan('query review service', async (span) => {
      await sleep(this.faults.options.slowReviewsMs);
      span.end();
      return [
        { author: 'Ada', stars: 5, text: `The ${product.name} exceeded my SLO.` },
        { author: 'Linus', stars: 3, text: 'Arrived with high latency, but intact.' },
      ];
    });
  }

  private cartOf(req: IncomingMessage): { id: string; items: Map<number, number>; isNew: boolean } {
    const id = cookie(req, CART_COOKIE);
    const items = id ? this.carts.get(id) : undefined;
    if (id && items) return { id, items, isNew: false };
    const fresh = { id: randomBytes(12).toString('hex'), items: new Map<number, number>(), isNew: true };
    boundedSet(this.carts, fresh.id, fresh.items);
    return fresh;
  }

  private linesOf(items: Map<number, number>): { lines: CartLine[]; totalCents: number } {
    const lines = [...items].map(([productId, quantity]) => ({ product: findProduct(productId)!, quantity }));
    return { lines, totalCents: lines.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0) };
  }

  private async cart(req: IncomingMessage, res: ServerResponse, method: string): Promise<true> {
    const cart = this.cartOf(req);
    const headers: Record<string, string> = cart.isNew ? { 'set-cookie': `${CART_COOKIE}=${cart.id}; Path=/; HttpOnly; SameSite=Lax` } : {};
    if (method === 'POST') {
      const body = await readJson(req);
      const product = findProduct(Number(body.productId));
      const quantity = Number(body.quantity ?? 1);
      if (!product) throw new HttpError(400, '"productId" must name a product');
      if (!Number.isInteger(quantity) || quantity < 1) throw new HttpError(400, '"quantity" must be a positive integer');
      cart.items.set(product.id, Math.min(MAX_QUANTITY, (cart.items.get(product.id) ?? 0) + quantity));
    } else if (method === 'DELETE') {
      cart.items.clear();
    } else if (method !== 'GET') {
      throw new HttpError(405, `${method} is not allowed on /api/cart`);
    }
    return this.reply(res, this.linesOf(cart.items), headers);
  }

  private async checkout(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJson(req);
    requiredString(body, 'name');
    requiredString(body, 'address');
    const cart = this.cartOf(req);
    if (cart.items.size === 0) throw new HttpError(409, 'the cart is empty');
    const order: Order = { id: randomBytes(4).toString('hex').toUpperCase(), cartId: cart.id, ...this.linesOf(cart.items), paid: false };
    boundedSet(this.orders, order.id, order);
    return this.reply(res, { orderId: order.id, totalCents: order.totalCents });
  }

  /** The flaky endpoint: the payment provider sometimes answers 503 (as the fault switch decides). */
  private async payment(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJson(req);
    const order = this.orders.get(requiredString(body, 'orderId'));
    if (!order) throw new HttpError(404, 'no such order');
    return tracer.startActiveSpan('charge card', (span) => {
      if (this.faults.paymentFails()) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'payment provider unavailable' });
        span.end();
        throw new HttpError(503, 'payment provider unavailable');
      }
      order.paid = true;
      span.end();
      this.carts.get(order.cartId)?.clear();
      return this.reply(res, { orderId: order.id, paid: true });
    });
  }

  private account(req: IncomingMessage, res: ServerResponse, section: string): true {
    const cartId = cookie(req, CART_COOKIE);
    const sections: Record<string, unknown> = {
      overview: { memberSince: '2024-03-01', points: 420 },
      orders: [...this.orders.values()].filter((order) => order.paid && order.cartId === cartId).slice(-5).map((order) => ({ id: order.id, totalCents: order.totalCents })),
      profile: { name: 'Demo User', email: 'demo@example.com' },
      settings: { newsletter: true, currency: 'USD' },
    };
    if (!(section in sections)) throw new HttpError(404, `no account section "${section}"`);
    return this.reply(res, sections[section]);
  }
}
