import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '@otel-rum/semconv';
import { DEFAULT_FRUSTRATION_OPTIONS, type FrustrationOptions } from '../frustration/options.js';

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
  /** How spans leave the page. */
  transport?: {
    /** Ended spans wait this long to be sent together (default 2000 ms). */
    batchDelayMs?: number;
    /** Most spans held while the endpoint is unreachable; the oldest go first (default 1000). */
    maxQueueSize?: number;
    /** First retry delay after a failed export, doubling up to 60 s (default 1000 ms). */
    retryDelayMs?: number;
  };
  /** Rage, dead and error click rules; the defaults are `DEFAULT_FRUSTRATION_OPTIONS`. */
  frustration?: Partial<FrustrationOptions>;
}

export interface ResolvedOptions extends Omit<RumOptions, 'session' | 'privacy' | 'propagateTraceHeaderCorsUrls' | 'transport' | 'frustration'> {
  session: SessionLimits & { sampleRate: number };
  propagateTraceHeaderCorsUrls: (string | RegExp)[];
  privacy: { allowedQueryParams: string[]; maskAllText: boolean };
  transport: { batchDelayMs: number; maxQueueSize: number; retryDelayMs: number };
  frustration: FrustrationOptions;
}

class OptionsError extends TypeError {
  constructor(message: string) {
    super(`otel-rum: invalid initRum options: ${message}`);
    this.name = 'OptionsError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalObject(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new OptionsError(`"${path}" must be an object`);
  return value;
}

function positiveNumber(value: unknown, path: string, fallback: number, { integer = false } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new OptionsError(`"${path}" must be a positive ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new OptionsError(`"${path}" must be an array of strings`);
  return value as string[];
}

/** Checks every option the core knows and fills in defaults; throws before anything is installed. */
export function resolveOptions(options: RumOptions): ResolvedOptions {
  if (!isObject(options)) throw new OptionsError('initRum needs an options object');
  for (const key of ['applicationId', 'serviceName', 'endpoint'] as const) {
    if (typeof options[key] !== 'string' || options[key].trim() === '') throw new OptionsError(`"${key}" must be a non-empty string`);
  }
  if (options.serviceVersion !== undefined && typeof options.serviceVersion !== 'string') throw new OptionsError('"serviceVersion" must be a string');
  let endpoint: URL;
  try {
    endpoint = new URL(options.endpoint, location.href);
  } catch {
    throw new OptionsError(`"endpoint" is not a URL: ${options.endpoint}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new OptionsError(`"endpoint" must be an http(s) URL, got ${options.endpoint}`);

  const headers = optionalObject(options.headers, 'headers');
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new OptionsError(`header "${name}" must be a string`);
  }

  const session = optionalObject(options.session, 'session');
  const sampleRate = session.sampleRate ?? 1;
  if (typeof sampleRate !== 'number' || !(sampleRate >= 0 && sampleRate <= 1)) throw new OptionsError(`"session.sampleRate" must be between 0 and 1, got ${String(sampleRate)}`);

  const propagate = options.propagateTraceHeaderCorsUrls ?? [];
  if (!Array.isArray(propagate) || !propagate.every((item) => typeof item === 'string' || item instanceof RegExp)) {
    throw new OptionsError('"propagateTraceHeaderCorsUrls" must be an array of strings and regular expressions');
  }

  const privacy = optionalObject(options.privacy, 'privacy');
  if (privacy.maskAllText !== undefined && typeof privacy.maskAllText !== 'boolean') throw new OptionsError('"privacy.maskAllText" must be a boolean');
  const transport = optionalObject(options.transport, 'transport');

  return {
    ...options,
    endpoint: endpoint.href,
    headers: headers as Record<string, string>,
    session: {
      inactivityTimeoutMs: positiveNumber(session.inactivityTimeoutMs, 'session.inactivityTimeoutMs', DEFAULT_SESSION_LIMITS.inactivityTimeoutMs),
      maxDurationMs: positiveNumber(session.maxDurationMs, 'session.maxDurationMs', DEFAULT_SESSION_LIMITS.maxDurationMs),
      maxActions: positiveNumber(session.maxActions, 'session.maxActions', DEFAULT_SESSION_LIMITS.maxActions, { integer: true }),
      sampleRate,
    },
    propagateTraceHeaderCorsUrls: propagate,
    privacy: { allowedQueryParams: stringList(privacy.allowedQueryParams, 'privacy.allowedQueryParams'), maskAllText: privacy.maskAllText === true },
    transport: {
      batchDelayMs: positiveNumber(transport.batchDelayMs, 'transport.batchDelayMs', 2000),
      maxQueueSize: positiveNumber(transport.maxQueueSize, 'transport.maxQueueSize', 1000, { integer: true }),
      retryDelayMs: positiveNumber(transport.retryDelayMs, 'transport.retryDelayMs', 1000),
    },
    frustration: resolveFrustrationOptions(optionalObject(options.frustration, 'frustration')),
  };
}

function resolveFrustrationOptions(frustration: Record<string, unknown>): FrustrationOptions {
  const defaults = DEFAULT_FRUSTRATION_OPTIONS;
  // A misspelt threshold would otherwise be ignored without a word.
  for (const key of Object.keys(frustration)) {
    if (!(key in defaults) && key !== 'onRageClick') throw new OptionsError(`"frustration.${key}" is not an option; known: ${[...Object.keys(defaults), 'onRageClick'].join(', ')}`);
  }
  const flag = (key: 'rageClicks' | 'deadClicks' | 'errorClicks'): boolean => {
    const value = frustration[key] ?? defaults[key];
    if (typeof value !== 'boolean') throw new OptionsError(`"frustration.${key}" must be a boolean`);
    return value;
  };
  const number = (key: 'rageClickWindowMs' | 'rageClickRadiusPx' | 'deadClickDelayMs' | 'errorClickWindowMs'): number =>
    positiveNumber(frustration[key], `frustration.${key}`, defaults[key]);
  const minClicks = positiveNumber(frustration.rageClickMinClicks, 'frustration.rageClickMinClicks', defaults.rageClickMinClicks, { integer: true });
  if (minClicks < 2) throw new OptionsError(`"frustration.rageClickMinClicks" must be at least 2, got ${minClicks}`);
  const ignoreSelectors = frustration.rageClickIgnoreSelectors === undefined ? defaults.rageClickIgnoreSelectors : stringList(frustration.rageClickIgnoreSelectors, 'frustration.rageClickIgnoreSelectors');
  for (const selector of ignoreSelectors) {
    try {
      document.createDocumentFragment().querySelector(selector);
    } catch {
      throw new OptionsError(`"frustration.rageClickIgnoreSelectors" has an invalid CSS selector: ${selector}`);
    }
  }
  const onRageClick = frustration.onRageClick;
  if (onRageClick !== undefined && typeof onRageClick !== 'function') throw new OptionsError('"frustration.onRageClick" must be a function');
  return {
    rageClicks: flag('rageClicks'),
    rageClickMinClicks: minClicks,
    rageClickWindowMs: number('rageClickWindowMs'),
    rageClickRadiusPx: number('rageClickRadiusPx'),
    rageClickIgnoreSelectors: ignoreSelectors,
    ...(onRageClick ? { onRageClick: onRageClick as FrustrationOptions['onRageClick'] } : {}),
    deadClicks: flag('deadClicks'),
    deadClickDelayMs: number('deadClickDelayMs'),
    errorClicks: flag('errorClicks'),
    errorClickWindowMs: number('errorClickWindowMs'),
  };
}
