import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '@otel-rum/semconv';

/** What a page passes to `initRum`. Every signal's knobs live under its own key. */
export interface RumOptions {
  /** `dt.rum.application.id`: the processor rejects ids it does not know. */
  applicationId: string;
  /** `service.name`: the application's name. */
  serviceName: string;
  serviceVersion?: string;
  /** OTLP/HTTP traces URL, e.g. `https://rum.example.com/v1/traces`. */
  endpoint: string;
  /** Extra headers on export requests (forces fetch over sendBeacon). */
  headers?: Record<string, string>;
  /** Session rules of SPEC §3, and whole-session sampling (0–1, default 1). */
  session?: Partial<SessionLimits> & { sampleRate?: number };
  /** Backend origins (besides this page's own) that receive `traceparent` and `baggage`. */
  propagateTraceHeaderCorsUrls?: (string | RegExp)[];
  privacy?: {
    /** Query parameters kept in recorded URLs; all others are dropped (SPEC §7). */
    allowedQueryParams?: string[];
    /** Name actions by CSS selector instead of element text. */
    maskAllText?: boolean;
  };
}

export interface ResolvedOptions extends Omit<RumOptions, 'session' | 'privacy' | 'propagateTraceHeaderCorsUrls'> {
  session: SessionLimits & { sampleRate: number };
  propagateTraceHeaderCorsUrls: (string | RegExp)[];
  privacy: { allowedQueryParams: string[]; maskAllText: boolean };
}

export function resolveOptions(options: RumOptions): ResolvedOptions {
  for (const key of ['applicationId', 'serviceName', 'endpoint'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') throw new TypeError(`otel-rum: initRum needs a non-empty "${key}"`);
  }
  const sampleRate = options.session?.sampleRate ?? 1;
  if (!(sampleRate >= 0 && sampleRate <= 1)) throw new RangeError('otel-rum: session.sampleRate must be between 0 and 1');
  return {
    ...options,
    session: { ...DEFAULT_SESSION_LIMITS, ...options.session, sampleRate },
    propagateTraceHeaderCorsUrls: options.propagateTraceHeaderCorsUrls ?? [],
    privacy: { allowedQueryParams: options.privacy?.allowedQueryParams ?? [], maskAllText: options.privacy?.maskAllText ?? false },
  };
}
