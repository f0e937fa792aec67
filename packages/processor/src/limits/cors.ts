/** The wildcard entry of an allow-list: any origin. */
export const ANY_ORIGIN = '*';

/** The headers a browser may send with an OTLP post (the SDK propagates trace context and baggage). */
export const CORS_ALLOWED_HEADERS = 'content-type, content-encoding, traceparent, tracestate, baggage';
export const CORS_ALLOWED_METHODS = 'POST, OPTIONS';
/** How long a browser may cache a preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * CORS allow-lists per application. A preflight carries no body, so it is answered for any origin
 * some application allows; the post itself is then checked against its own application's list.
 */
export class CorsPolicy {
  private readonly anyApplicationOrigins = new Set<string>();

  constructor(private readonly originsByApplication: ReadonlyMap<string, readonly string[]>) {
    for (const origins of originsByApplication.values()) for (const origin of origins) this.anyApplicationOrigins.add(origin);
  }

  /** Whether some application accepts posts from this origin (for preflights). */
  preflightAllows(origin: string): boolean {
    return this.anyApplicationOrigins.has(origin) || this.anyApplicationOrigins.has(ANY_ORIGIN);
  }

  allows(applicationId: string, origin: string): boolean {
    const origins = this.originsByApplication.get(applicationId);
    return origins !== undefined && (origins.includes(origin) || origins.includes(ANY_ORIGIN));
  }
}
