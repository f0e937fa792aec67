export interface RateLimitSettings {
  /** Sustained requests per second per client. */
  readonly requestsPerSecond: number;
  /** Requests a client may send at once before the sustained rate applies. */
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A token bucket per client. Buckets that have refilled are forgotten on `sweep`, so memory follows
 * the clients of the last few seconds, not every client ever seen.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  take(client: string): RateDecision {
    const nowMs = this.now();
    const { requestsPerSecond, burst } = this.settings;
    let bucket = this.buckets.get(client);
    if (!bucket) {
      bucket = { tokens: burst, updatedMs: nowMs };
      this.buckets.set(client, bucket);
    } else {
      bucket.tokens = Math.min(burst, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * requestsPerSecond);
      bucket.updatedMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / requestsPerSecond)) };
  }

  /** Forgets clients whose bucket is full again. */
  sweep(): void {
    const nowMs = this.now();
    const { requestsPerSecond, burst } = this.settings;
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * requestsPerSecond >= burst) this.buckets.delete(client);
    }
  }

  get trackedClients(): number {
    return this.buckets.size;
  }
}
