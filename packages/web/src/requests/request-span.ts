import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_URL_FULL, EventType } from '@otel-rum/semconv';
import { toHrTime } from '../core/clock.js';
import type { RumCore } from '../core/types.js';
import { propagationHeaders, shouldPropagate } from './propagation.js';

/** One fetch or XHR in flight: its span, the headers to add, and how to finish it. */
export interface TrackedRequest {
  span: Span;
  /** `traceparent` and `baggage` when the URL may receive them, else empty. */
  headers: Record<string, string>;
  finish(status: number): void;
}

const absolute = (url: string): string => {
  try {
    return new URL(url, location.href).href;
  } catch {
    return url;
  }
};

/** Starts the span of a request the page makes, announces it, and returns what the wrapper needs. */
export function startRequest(core: RumCore, rawUrl: string, rawMethod: string, existingBaggage: string | null): TrackedRequest {
  const url = absolute(rawUrl);
  const method = rawMethod.toUpperCase();
  let serverAddress = '';
  try {
    serverAddress = new URL(url).hostname;
  } catch {
    // An unparsable URL fails in the browser itself; the span still records the attempt.
  }
  const span = core.startSpan(EventType.REQUEST, `HTTP ${method}`, {
    // A request is what turns an interaction into an action: it may join a candidate.
    parent: core.currentAction({ includeCandidates: true }) ?? null,
    kind: SpanKind.CLIENT,
    attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_FULL]: core.sanitizeUrl(url), [ATTR_SERVER_ADDRESS]: serverAddress },
  });
  const headers = shouldPropagate(url, core.options.propagateTraceHeaderCorsUrls) ? propagationHeaders(span, core.sessionId(), existingBaggage) : {};
  core.signals.emit('request-start', { url, method, span });
  let finished = false;
  return {
    span,
    headers,
    finish(status) {
      if (finished) return;
      finished = true;
      if (status > 0) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      // OpenTelemetry's HTTP client rule: 4xx and 5xx answers, and no answer at all, are errors.
      if (status === 0 || status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(toHrTime());
      core.signals.emit('request-end', { url, method, status, span });
    },
  };
}

/** The exporter's own requests are never instrumented: they would feed themselves forever. */
export const isExportRequest = (core: RumCore, url: string): boolean => absolute(url).startsWith(core.options.endpoint);
