import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_RUM_SESSION_ID, ATTR_SERVER_ADDRESS, ATTR_URL_FULL } from '@otel-rum/semconv';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import type { ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { Harness } from './harness.js';

/** A backend on another origin that lets the page send trace headers. */
function corsBackend(): FixtureServer {
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '');
    if (req.method === 'OPTIONS') res.writeHead(204).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
  return new FixtureServer({}, { '/api/fetch': answer, '/api/xhr': answer });
}

const harness = new Harness();
const configured = corsBackend();
const unconfigured = corsBackend();
let sessionId: string;

const REQUESTS_SCRIPT = `
  window.xhr = (url) => new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('GET', url);
    request.addEventListener('loadend', resolve);
    request.send();
  });`;

beforeAll(async () => {
  await Promise.all([harness.start(), configured.start(), unconfigured.start()]);
  harness.route('/api/fetch', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  harness.route('/api/xhr', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  harness.route('/api/broken', (_req, res) => void res.writeHead(503).end());
  const url = harness.page('/requests.html', {
    options: { propagateTraceHeaderCorsUrls: [`${configured.origin}/api/`], privacy: { allowedQueryParams: ['page'] } },
    script: REQUESTS_SCRIPT,
  });
  const page = await harness.open(`${url}?secret=hunter2&page=7#private`);
  sessionId = await page.evaluate(() => (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId());
  await page.evaluate(
    async ({ configuredOrigin, unconfiguredOrigin }) => {
      const xhr = (window as unknown as { xhr(url: string): Promise<void> }).xhr;
      await fetch('/api/fetch?token=abc&page=2', { headers: { baggage: 'tenant=acme' } });
      await xhr('/api/xhr');
      await fetch(`${configuredOrigin}/api/fetch`);
      await xhr(`${configuredOrigin}/api/xhr`);
      await fetch(`${unconfiguredOrigin}/api/fetch`);
      await xhr(`${unconfiguredOrigin}/api/xhr`);
      await fetch('/api/broken');
      await fetch('http://127.0.0.1:9/unreachable').catch(() => undefined);
      // Credentials in a URL are refused by the browser, and never recorded.
      await fetch(location.origin.replace('//', '//admin:secret-password@') + '/api/credentials').catch(() => undefined);
    },
    { configuredOrigin: configured.origin, unconfiguredOrigin: unconfigured.origin },
  );
});
afterAll(() => Promise.all([harness.stop(), configured.stop(), unconfigured.stop()]));

const headersOf = (server: FixtureServer, path: string): IncomingMessage['headers'] => {
  const request = server.requestLog.find((entry) => entry.method === 'GET' && entry.path === path);
  if (!request) throw new Error(`${path} was not requested`);
  return request.headers;
};

async function requestSpan(urlEnd: string, method = 'GET'): Promise<ReceivedSpan> {
  const [span] = await harness.receiver.waitFor(
    (candidate) => candidate.attributes['dt.rum.event.type'] === 'request' && String(candidate.attributes[ATTR_URL_FULL]).endsWith(urlEnd) && candidate.attributes[ATTR_HTTP_REQUEST_METHOD] === method,
  );
  return span!;
}

/** The headers must name the request's own span and carry the session in baggage. */
async function expectPropagated(headers: IncomingMessage['headers'], span: ReceivedSpan): Promise<void> {
  expect(headers.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
  expect(String(headers.baggage)).toContain(`session.id=${sessionId}`);
}

describe('requests', () => {
  it('fetch and XHR to the page origin get spans and trace headers with session baggage', async () => {
    const fetchSpan = await requestSpan(`${harness.server.origin}/api/fetch?page=2`);
    expect(fetchSpan.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    expect(fetchSpan.attributes[ATTR_SERVER_ADDRESS]).toBe('127.0.0.1');
    expect(fetchSpan.attributes[ATTR_RUM_SESSION_ID]).toBe(sessionId);
    expect(fetchSpan.kind).toBe(3);
    const fetchHeaders = headersOf(harness.server, '/api/fetch');
    await expectPropagated(fetchHeaders, fetchSpan);
    // The page's own baggage survives beside the session.
    expect(fetchHeaders.baggage).toBe(`tenant=acme,session.id=${sessionId}`);
    await expectPropagated(headersOf(harness.server, '/api/xhr'), await requestSpan(`${harness.server.origin}/api/xhr`));
  });

  it('a configured cross-origin backend gets trace headers', async () => {
    await expectPropagated(headersOf(configured, '/api/fetch'), await requestSpan(`${configured.origin}/api/fetch`));
    await expectPropagated(headersOf(configured, '/api/xhr'), await requestSpan(`${configured.origin}/api/xhr`));
  });

  it('an unconfigured cross-origin backend gets no trace headers, but the requests get spans', async () => {
    await requestSpan(`${unconfigured.origin}/api/fetch`);
    await requestSpan(`${unconfigured.origin}/api/xhr`);
    for (const path of ['/api/fetch', '/api/xhr']) {
      const headers = headersOf(unconfigured, path);
      expect(headers.traceparent).toBeUndefined();
      expect(headers.baggage).toBeUndefined();
    }
    expect(unconfigured.requestLog.some((entry) => entry.method === 'OPTIONS')).toBe(false);
  });

  it('HTTP errors and network failures are error spans', async () => {
    const broken = await requestSpan('/api/broken');
    expect(broken.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(503);
    expect(broken.status.code).toBe(2);
    const unreachable = await requestSpan('/unreachable');
    expect(unreachable.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBeUndefined();
    expect(unreachable.status.code).toBe(2);
  });

  it('drops query strings, fragments and credentials unless allow-listed, in request and page URLs alike', async () => {
    await requestSpan('/api/credentials');
    const urls = harness.receiver.spans.map((span) => String(span.attributes[ATTR_URL_FULL]));
    expect(urls).toContain(`${harness.server.origin}/requests.html?page=7`);
    expect(urls).toContain(`${harness.server.origin}/api/credentials`);
    expect(urls.join(' ')).not.toMatch(/secret|hunter2|token|private|admin/);
  });

  it("never records the exporter's own requests", async () => {
    await requestSpan('/unreachable');
    expect(harness.receiver.spans.filter((span) => String(span.attributes[ATTR_URL_FULL]).startsWith(harness.receiver.url))).toEqual([]);
  });
});
