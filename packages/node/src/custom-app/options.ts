import type { Attributes } from '@opentelemetry/api';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '@otel-rum/semconv';

export const ExportProtocol = {
  JSON: 'http/json',
  PROTOBUF: 'http/protobuf',
} as const;
export type ExportProtocol = (typeof ExportProtocol)[keyof typeof ExportProtocol];

/** What a custom application (CLI, desktop app, kiosk, Electron main process) passes to `createRumSession`. */
export interface RumSessionOptions {
  /** `dt.rum.application.id`: the processor rejects ids it does not know. */
  applicationId: string;
  /** `service.name`: the application's name. */
  serviceName: string;
  serviceVersion?: string;
  /** OTLP/HTTP traces URL, e.g. `https://rum.example.com/v1/traces`. */
  endpoint: string;
  /** OTLP encoding; JSON by default. */
  protocol?: ExportProtocol;
  /** Extra headers on export requests. */
  headers?: Record<string, string>;
  /** How long finished spans wait to be exported in one batch (default 5 s). */
  exportDelayMs?: number;
  /** Session rules of SPEC §3; each one configurable down to milliseconds. */
  session?: Partial<SessionLimits>;
  /** More resource attributes (for example `os.type`, `device.model.name`). */
  resourceAttributes?: Attributes;
  /**
   * Report uncaught exceptions and unhandled rejections as crashes, export them and end the
   * process with exit code 1 (as Node does without a handler). Off by default.
   */
  crashReporting?: boolean | { flushTimeoutMs?: number };
}

export interface ResolvedOptions {
  applicationId: string;
  serviceName: string;
  serviceVersion: string | undefined;
  endpoint: string;
  protocol: ExportProtocol;
  headers: Record<string, string>;
  exportDelayMs: number;
  session: SessionLimits;
  resourceAttributes: Attributes;
  crashReporting: { flushTimeoutMs: number } | undefined;
}

const DEFAULT_EXPORT_DELAY_MS = 5000;
/** A dying process waits this long at most for its crash report to leave. */
const DEFAULT_CRASH_FLUSH_TIMEOUT_MS = 3000;

const isPositive = (value: number): boolean => Number.isFinite(value) && value > 0;

export function resolveOptions(options: RumSessionOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('otel-rum: createRumSession needs an options object');
  for (const key of ['applicationId', 'serviceName', 'endpoint'] as const) {
    if (typeof options[key] !== 'string' || options[key] === '') {
      throw new TypeError(`otel-rum: createRumSession needs a non-empty "${key}"`);
    }
  }
  if (!URL.canParse(options.endpoint)) throw new TypeError(`otel-rum: endpoint "${options.endpoint}" is not a URL`);
  const protocol = options.protocol ?? ExportProtocol.JSON;
  if (!Object.values(ExportProtocol).includes(protocol)) {
    throw new TypeError(`otel-rum: protocol must be one of ${Object.values(ExportProtocol).join(', ')}, got "${String(protocol)}"`);
  }
  const session = { ...DEFAULT_SESSION_LIMITS, ...options.session };
  for (const [key, value] of Object.entries(session)) {
    if (!isPositive(value)) throw new RangeError(`otel-rum: session.${key} must be a positive number, got ${String(value)}`);
  }
  const exportDelayMs = options.exportDelayMs ?? DEFAULT_EXPORT_DELAY_MS;
  if (!isPositive(exportDelayMs)) throw new RangeError(`otel-rum: exportDelayMs must be a positive number, got ${String(exportDelayMs)}`);
  const crash = options.crashReporting;
  const flushTimeoutMs = typeof crash === 'object' ? (crash.flushTimeoutMs ?? DEFAULT_CRASH_FLUSH_TIMEOUT_MS) : DEFAULT_CRASH_FLUSH_TIMEOUT_MS;
  if (!isPositive(flushTimeoutMs)) throw new RangeError(`otel-rum: crashReporting.flushTimeoutMs must be a positive number, got ${String(flushTimeoutMs)}`);
  return {
    applicationId: options.applicationId,
    serviceName: options.serviceName,
    serviceVersion: options.serviceVersion,
    endpoint: options.endpoint,
    protocol,
    headers: options.headers ?? {},
    exportDelayMs,
    session,
    resourceAttributes: options.resourceAttributes ?? {},
    crashReporting: crash ? { flushTimeoutMs } : undefined,
  };
}
