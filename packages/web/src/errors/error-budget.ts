import { diag } from '@opentelemetry/api';

/** Most error spans a page records per minute. */
export const MAX_ERRORS_PER_MINUTE = 100;
const MINUTE_MS = 60_000;

/**
 * A per-minute allowance of error spans. A page that throws on every animation frame would
 * otherwise send thousands a minute and push every other span out of the bounded export queue.
 * Returns whether one more error may be recorded now.
 */
export function errorBudget(limit = MAX_ERRORS_PER_MINUTE): () => boolean {
  let windowStart = -Infinity;
  let used = 0;
  return () => {
    const now = performance.now();
    if (now - windowStart >= MINUTE_MS) {
      windowStart = now;
      used = 0;
    }
    used++;
    if (used === limit + 1) diag.warn(`otel-rum: more than ${limit} errors this minute; dropping the rest until the next`);
    return used <= limit;
  };
}
