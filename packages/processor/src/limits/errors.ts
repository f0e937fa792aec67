import type { RejectReason } from '@otel-rum/semconv';

/** A request refused as a whole: the receiver answers `status` with `{ "error": message }` and counts `reason`. */
export class RequestRejected extends Error {
  constructor(
    readonly status: number,
    readonly reason: RejectReason,
    message: string,
    /** Seconds for a `Retry-After` header (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'RequestRejected';
  }
}
