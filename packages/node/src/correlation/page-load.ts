import { context as contextApi, defaultTextMapSetter, trace, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { SERVER_TIMING_TRACEPARENT, TRACEPARENT_META_NAME } from '@otel-rum/semconv';

// The page load joins the backend trace: the HTML response names the server span that produced it,
// and the web SDK links its `load` action to that span.

const traceContext = new W3CTraceContextPropagator();
const TRACEPARENT_HEADER = 'traceparent';

/** The W3C `traceparent` of the span active in `context`, or undefined when there is none. */
export function traceparentOf(context: Context = contextApi.active()): string | undefined {
  if (!trace.getSpan(context)) return undefined;
  const carrier: Record<string, string> = {};
  traceContext.inject(context, carrier, defaultTextMapSetter);
  return carrier[TRACEPARENT_HEADER];
}

/** The `Server-Timing` entry carrying the current span: `traceparent;desc="00-…-…-01"`. */
export function serverTimingTraceparent(context?: Context): string | undefined {
  const traceparent = traceparentOf(context);
  return traceparent && `${SERVER_TIMING_TRACEPARENT};desc="${traceparent}"`;
}

/** The `<meta name="traceparent" content="…">` tag for the HTML `<head>`; empty without a current span. */
export function traceparentMetaTag(context?: Context): string {
  const traceparent = traceparentOf(context);
  return traceparent ? `<meta name="${TRACEPARENT_META_NAME}" content="${traceparent}">` : '';
}

/** The part of Node's `ServerResponse` (and Express's) that sets headers. */
export interface HeaderTarget {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
}

const SERVER_TIMING_HEADER = 'server-timing';

/** Adds the current span's `Server-Timing` entry to a response, keeping entries already set. */
export function addServerTimingTraceparent(response: HeaderTarget, context?: Context): void {
  const entry = serverTimingTraceparent(context);
  if (!entry) return;
  const existing = response.getHeader(SERVER_TIMING_HEADER);
  const entries = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  response.setHeader(SERVER_TIMING_HEADER, [...entries, entry].join(', '));
}
