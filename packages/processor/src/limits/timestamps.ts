export interface TimeLimits {
  /** Spans that ended longer ago than this (after skew correction) are dropped. */
  readonly maxPastSeconds: number;
  /** Spans that start further in the future than this (after skew correction) are dropped. */
  readonly maxFutureSeconds: number;
  /**
   * A browser batch whose latest end time is off the receive time by more than this is taken to
   * come from a browser with a wrong clock, and shifted so its latest end is the receive time.
   */
  readonly clockSkewToleranceSeconds: number;
}

/**
 * How far to shift a browser's batch, in ms (0 when its clock looks right). Browsers export within
 * seconds of a span ending, so the batch's latest end time is the browser's idea of "now".
 */
export function clockSkewCorrectionMs(latestEndMs: number, receivedMs: number, limits: TimeLimits): number {
  const skew = receivedMs - latestEndMs;
  return Math.abs(skew) > limits.clockSkewToleranceSeconds * 1000 ? skew : 0;
}

export function isWithinTimeLimits(startMs: number, endMs: number, receivedMs: number, limits: TimeLimits): boolean {
  return (
    Number.isFinite(startMs) &&
    Number.isFinite(endMs) &&
    endMs >= startMs &&
    endMs >= receivedMs - limits.maxPastSeconds * 1000 &&
    startMs <= receivedMs + limits.maxFutureSeconds * 1000
  );
}
