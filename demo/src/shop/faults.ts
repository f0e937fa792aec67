/**
 * The faults the shop carries on purpose, so RUM has something to catch. Everything random comes
 * from one seeded generator: the same seed and the same request order give the same answers, which
 * is what tests need; the demo uses a time-based seed.
 */
export interface FaultOptions {
  /** Seed of the generator deciding which payments fail. */
  seed: number;
  /** Share of `POST /api/payment` calls answered 503 (0 never, 1 always). */
  paymentFailureRate: number;
  /** How long `GET /api/products/:id/reviews` takes. */
  slowReviewsMs: number;
}

export const DEFAULT_FAULTS: FaultOptions = Object.freeze({ seed: 1, paymentFailureRate: 0.2, slowReviewsMs: 4_000 });

export function validateFaults(faults: FaultOptions): FaultOptions {
  if (!Number.isInteger(faults.seed)) throw new RangeError(`fault seed must be an integer, got ${faults.seed}`);
  if (!(faults.paymentFailureRate >= 0 && faults.paymentFailureRate <= 1)) {
    throw new RangeError(`payment failure rate must be between 0 and 1, got ${faults.paymentFailureRate}`);
  }
  if (!(faults.slowReviewsMs >= 0)) throw new RangeError(`slow reviews delay must be ≥ 0 ms, got ${faults.slowReviewsMs}`);
  return faults;
}

/** mulberry32: small, fast and good enough to pick failures; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultSwitch {
  private readonly random: () => number;

  constructor(readonly options: FaultOptions) {
    this.random = seededRandom(validateFaults(options).seed);
  }

  /** Whether this payment attempt fails; draws from the generator only when failures are possible. */
  paymentFails(): boolean {
    const rate = this.options.paymentFailureRate;
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.random() < rate;
  }
}
