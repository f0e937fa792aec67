// RumSpans shaped as ingest hands them to the sessionizer, for the sessionizer, ratings and exporter tests.

import {
  ActionType,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_SESSION_END_REASON,
  ATTR_RUM_USER_TAG,
  ATTR_SESSION_PREVIOUS_ID,
  DeviceType,
  EventType,
  UserType,
  generateSessionId,
  type ErrorType,
} from '@otel-rum/semconv';
import type { ClientInfo, RumSpan, ScalarValue } from '../src/model.js';

export const APP_ID = 'shop';
export const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

export const CLIENT: ClientInfo = {
  userType: UserType.REAL_USER,
  browserName: 'Chrome',
  browserVersion: '131',
  osName: 'Linux',
  deviceType: DeviceType.DESKTOP,
  windowWidth: 1280,
  windowHeight: 720,
  screenWidth: 1920,
  screenHeight: 1080,
  clientAddress: '203.0.113.0',
  countryIsoCode: 'DE',
};

let nextId = 1;
const hexId = (length: number): string => (nextId++).toString(16).padStart(length, '0');

export interface SpanOptions {
  readonly durationMs?: number;
  readonly attributes?: Record<string, ScalarValue>;
  readonly parentSpanId?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly statusError?: boolean;
  readonly page?: string;
  readonly instanceId?: string;
  readonly applicationId?: string;
  readonly client?: ClientInfo;
}

export function rumSpan(sessionId: string, eventType: RumSpan['eventType'], startTimeMs: number, options: SpanOptions = {}): RumSpan {
  const page = options.page ?? '/';
  return {
    applicationId: options.applicationId ?? APP_ID,
    sessionId,
    instanceId: options.instanceId ?? 'instance-1',
    traceId: options.traceId ?? hexId(32),
    spanId: options.spanId ?? hexId(16),
    parentSpanId: options.parentSpanId,
    eventType,
    name: eventType,
    startTimeMs,
    endTimeMs: startTimeMs + (options.durationMs ?? 0),
    statusError: options.statusError ?? false,
    attributes: options.attributes ?? {},
    pagePath: page,
    pageGroup: page,
    client: options.client ?? CLIENT,
  };
}

export const action = (
  sessionId: string,
  startTimeMs: number,
  durationMs: number,
  options: SpanOptions & { type?: ActionType; name?: string } = {},
): RumSpan =>
  rumSpan(sessionId, EventType.USER_ACTION, startTimeMs, {
    ...options,
    durationMs,
    attributes: {
      [ATTR_RUM_ACTION_TYPE]: options.type ?? ActionType.XHR,
      [ATTR_RUM_ACTION_NAME]: options.name ?? 'click on "Add to cart"',
      ...options.attributes,
    },
  });

export const request = (sessionId: string, startTimeMs: number, status: number, options: SpanOptions = {}): RumSpan =>
  rumSpan(sessionId, EventType.REQUEST, startTimeMs, {
    durationMs: 50,
    ...options,
    attributes: { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status, ...options.attributes },
  });

export const error = (sessionId: string, startTimeMs: number, errorType: ErrorType, options: SpanOptions = {}): RumSpan =>
  rumSpan(sessionId, EventType.ERROR, startTimeMs, {
    statusError: true,
    ...options,
    attributes: { [ATTR_RUM_ERROR_TYPE]: errorType, ...options.attributes },
  });

export const sessionStart = (sessionId: string, startTimeMs: number, previousId?: string, options: SpanOptions = {}): RumSpan =>
  rumSpan(sessionId, EventType.SESSION_START, startTimeMs, {
    ...options,
    attributes: previousId === undefined ? {} : { [ATTR_SESSION_PREVIOUS_ID]: previousId },
  });

export const sessionEnd = (sessionId: string, startTimeMs: number, reason?: string): RumSpan =>
  rumSpan(sessionId, EventType.SESSION_END, startTimeMs, {
    attributes: reason === undefined ? {} : { [ATTR_RUM_SESSION_END_REASON]: reason },
  });

export const userTag = (sessionId: string, startTimeMs: number, tag: string): RumSpan =>
  rumSpan(sessionId, EventType.USER_TAG, startTimeMs, { attributes: { [ATTR_RUM_USER_TAG]: tag } });

export const newSessionId = (): string => generateSessionId();

/** A deterministic PRNG (mulberry32), so a failing shuffle can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public nowMs: number) {}
  readonly now = (): number => this.nowMs;
  advanceBy(ms: number): void {
    this.nowMs += ms;
  }
}
