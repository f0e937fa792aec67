import type { Span } from '@opentelemetry/api';
import { BAGGAGE_SESSION_ID } from '@otel-rum/semconv';

export const TRACEPARENT_HEADER = 'traceparent';
export const BAGGAGE_HEADER = 'baggage';

/** Same rule as OpenTelemetry's web instrumentations: this page's origin, plus the configured prefixes and patterns. */
export function shouldPropagate(url: string, corsUrls: readonly (string | RegExp)[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url, location.href);
  } catch {
    return false;
  }
  if (parsed.origin === location.origin) return true;
  return corsUrls.some((match) => (typeof match === 'string' ? parsed.href.startsWith(match) : match.test(parsed.href)));
}

/** The W3C trace context and session baggage headers for a request span. */
export function propagationHeaders(span: Span, sessionId: string, existingBaggage: string | null): Record<string, string> {
  const { traceId, spanId, traceFlags } = span.spanContext();
  const sessionMember = `${BAGGAGE_SESSION_ID}=${sessionId}`;
  const baggage = existingBaggage
    ? [...existingBaggage.split(',').filter((member) => member.split('=')[0]!.trim() !== BAGGAGE_SESSION_ID), sessionMember].join(',')
    : sessionMember;
  return {
    [TRACEPARENT_HEADER]: `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`,
    [BAGGAGE_HEADER]: baggage,
  };
}
