import { ATTR_RUM_SESSION_ID, ATTR_SESSION_ID, TRACEPARENT_META_NAME } from '@otel-rum/semconv';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../../test/support/fixture-server.js';
import type { OtlpReceiver, ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { CHILD_SPAN_NAME, startInstrumentedServer } from './instrumented-server.js';

const SESSION_ID = '0123456789abcdef0123456789abcdef';
const BROWSER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const BROWSER_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${BROWSER_TRACE_ID}-${BROWSER_SPAN_ID}-01`;
const SPAN_KIND_SERVER = 2;

describe('backend correlation with NodeSDK and the official HTTP instrumentation', () => {
  let server: FixtureServer;
  let receiver: OtlpReceiver;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ server, receiver, stop } = await startInstrumentedServer());
  });
  afterAll(() => stop());
  beforeEach(() => receiver.clear());

  /** Calls the API as an instrumented page would and returns the server span and its child span. */
  async function callApi(headers: Record<string, string>): Promise<{ serverSpan: ReceivedSpan; childSpan: ReceivedSpan }> {
    const response = await fetch(`${server.origin}/api/basket`, { headers });
    expect(response.status).toBe(200);
    const [serverSpan] = await receiver.waitFor((span) => span.kind === SPAN_KIND_SERVER && span.attributes['url.path'] === '/api/basket');
    const [childSpan] = await receiver.waitFor((span) => span.name === CHILD_SPAN_NAME);
    return { serverSpan: serverSpan!, childSpan: childSpan! };
  }

  it('continues the browser trace and puts the session id on the server span and the spans below it', async () => {
    const { serverSpan, childSpan } = await callApi({ traceparent: TRACEPARENT, baggage: `${ATTR_SESSION_ID}=${SESSION_ID}` });
    expect(serverSpan.traceId).toBe(BROWSER_TRACE_ID);
    expect(serverSpan.parentSpanId).toBe(BROWSER_SPAN_ID);
    expect(childSpan.parentSpanId).toBe(serverSpan.spanId);
    for (const span of [serverSpan, childSpan]) {
      expect(span.attributes[ATTR_SESSION_ID]).toBe(SESSION_ID);
      expect(span.attributes[ATTR_RUM_SESSION_ID]).toBe(SESSION_ID);
    }
  });

  it('finds the session id among other baggage members', async () => {
    const { serverSpan } = await callApi({ traceparent: TRACEPARENT, baggage: `tenant=acme, ${ATTR_SESSION_ID}=${SESSION_ID};prop=1,plan=gold` });
    expect(serverSpan.attributes[ATTR_SESSION_ID]).toBe(SESSION_ID);
  });

  const junk: Record<string, string> = {
    'an upper-case id': `${ATTR_SESSION_ID}=${SESSION_ID.toUpperCase()}`,
    'a short id': `${ATTR_SESSION_ID}=${SESSION_ID.slice(1)}`,
    'a long id': `${ATTR_SESSION_ID}=${SESSION_ID}0`,
    'markup': `${ATTR_SESSION_ID}=%3Cscript%3Ealert(1)%3C%2Fscript%3E`,
    'an encoded newline': `${ATTR_SESSION_ID}=${SESSION_ID}%0A`,
    'a malformed header': `${ATTR_SESSION_ID}${SESSION_ID};;==,,`,
    'an oversized value': `${ATTR_SESSION_ID}=${'a'.repeat(5000)}`,
    'the id beyond the size limit': `pad=${'x'.repeat(4090)},more=${'x'.repeat(4090)},${ATTR_SESSION_ID}=${SESSION_ID}`,
    'broken percent-encoding': `${ATTR_SESSION_ID}=%E0%A4%A`,
    'no value': `${ATTR_SESSION_ID}=`,
  };
  for (const [what, baggage] of Object.entries(junk)) {
    it(`ignores baggage with ${what} and still serves and traces the request`, async () => {
      const { serverSpan, childSpan } = await callApi({ traceparent: TRACEPARENT, baggage });
      expect(serverSpan.traceId).toBe(BROWSER_TRACE_ID);
      for (const span of [serverSpan, childSpan]) {
        expect(span.attributes).not.toHaveProperty(ATTR_SESSION_ID);
        expect(span.attributes).not.toHaveProperty(ATTR_RUM_SESSION_ID);
      }
    });
  }

  it('records no session without baggage', async () => {
    const { serverSpan } = await callApi({ traceparent: TRACEPARENT });
    expect(serverSpan.attributes).not.toHaveProperty(ATTR_SESSION_ID);
  });

  it('names the server span of an HTML page in its Server-Timing header and meta tag', async () => {
    const response = await fetch(`${server.origin}/`);
    const html = await response.text();
    const [pageSpan] = await receiver.waitFor((span) => span.kind === SPAN_KIND_SERVER && span.attributes['url.path'] === '/');
    const traceparent = `00-${pageSpan!.traceId}-${pageSpan!.spanId}-01`;
    expect(response.headers.get('server-timing')).toBe(`traceparent;desc="${traceparent}"`);
    expect(html).toContain(`<meta name="${TRACEPARENT_META_NAME}" content="${traceparent}">`);
  });
});
