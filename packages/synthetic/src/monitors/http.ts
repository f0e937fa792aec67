import { context as otelContext, defaultTextMapSetter, trace, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVER_ADDRESS, ATTR_URL_FULL, SyntheticFailureReason,
} from '@otel-rum/semconv';
import type { HttpMonitor, HttpRequestStep, JsonValue, StatusMatcher } from '../config/index.js';
import { MonitorFailure } from '../runner/failure.js';
import type { RunContext } from '../runner/run-context.js';
import { evaluateJsonPath } from './json-path.js';
import { syntheticUserAgent } from './user-agent.js';

const propagator = new W3CTraceContextPropagator();
/** How much of a body an assertion message quotes. */
const QUOTE_LENGTH = 120;

/** Sends each request in turn; the first that fails ends the run. */
export async function runHttpMonitor(monitor: HttpMonitor, run: RunContext): Promise<void> {
  for (const request of monitor.requests) {
    await run.step({ name: request.name, action: 'request', ...(request.thresholdMs !== undefined ? { thresholdMs: request.thresholdMs } : {}) }, (span) => sendAndCheck(request, run, span));
  }
}

async function sendAndCheck(request: HttpRequestStep, run: RunContext, span: Span): Promise<void> {
  const url = new URL(run.credentials.url(request.url));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = run.credentials.text(value);
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'user-agent')) headers['user-agent'] = syntheticUserAgent(run.marker);
  // The backend's spans join the run's trace, as they would a browser's.
  propagator.inject(trace.setSpan(otelContext.active(), span), headers, defaultTextMapSetter);
  span.setAttributes({ [ATTR_HTTP_REQUEST_METHOD]: request.method, [ATTR_URL_FULL]: url.href, [ATTR_SERVER_ADDRESS]: url.hostname });

  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      ...(request.body ? { body: 'json' in request.body ? JSON.stringify(run.credentials.json(request.body.json)) : run.credentials.text(request.body.text) } : {}),
      redirect: 'follow',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
    body = await response.text();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new MonitorFailure(SyntheticFailureReason.TIMEOUT, `no complete answer from ${url.host} within ${request.timeoutMs} ms`);
    }
    throw error;
  }

  if (!statusMatches(request.assert.status, response.status)) {
    throw new MonitorFailure(SyntheticFailureReason.ASSERTION, `status ${response.status}, expected ${request.assert.status.text}`);
  }
  for (const expected of request.assert.bodyContains) {
    const text = run.credentials.text(expected);
    if (!body.includes(text)) throw new MonitorFailure(SyntheticFailureReason.ASSERTION, `body does not contain ${JSON.stringify(text)}: ${quote(run.redact(body))}`);
  }
  if (request.assert.json.length === 0) return;
  let document: JsonValue;
  try {
    document = JSON.parse(body) as JsonValue;
  } catch {
    throw new MonitorFailure(SyntheticFailureReason.ASSERTION, `body is not JSON: ${quote(run.redact(body))}`);
  }
  for (const assertion of request.assert.json) {
    const found = evaluateJsonPath(document, assertion.path);
    if (!found.exists) throw new MonitorFailure(SyntheticFailureReason.ASSERTION, `${assertion.path} is missing`);
    if ('equals' in assertion && !deepEqual(found.value, assertion.equals)) {
      throw new MonitorFailure(SyntheticFailureReason.ASSERTION, `${assertion.path} is ${JSON.stringify(found.value)}, expected ${JSON.stringify(assertion.equals)}`);
    }
  }
}

function statusMatches(matcher: StatusMatcher, status: number): boolean {
  return matcher.codes.includes(status) || matcher.classes.includes(Math.floor(status / 100));
}

const quote = (body: string): string => JSON.stringify(body.length > QUOTE_LENGTH ? `${body.slice(0, QUOTE_LENGTH)}…` : body);

function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => deepEqual((a as Record<string, JsonValue>)[key], (b as Record<string, JsonValue>)[key]));
}
