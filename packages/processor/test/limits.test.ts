import { gzipSync } from 'node:zlib';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_GROUP_OVERFLOW, SummaryField } from '@otel-rum/semconv';
import { browserResource, RumPage } from './support/rum-client.js';
import { SHOP_APP, SHOP_ORIGIN, TestProcessor } from './support/processor.js';

// Hostile input (SPEC §7): one test per class of bad input. Each refusal is a clear 4xx with
// {"error"} or a counted drop, and a good session sent alongside ends with its summary intact.

const BLOG_APP = 'blog';
const BLOG_ORIGIN = 'https://blog.test';

/** Spans recorded on a page, serialized by the official OTLP serializers and posted by hand. */
async function post(url: string, page: RumPage, { origin, protobuf = false, gzip = false, headers = {} }: { origin?: string; protobuf?: boolean; gzip?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
  const spans = page.takeSpans();
  let body = Buffer.from(protobuf ? ProtobufTraceSerializer.serializeRequest(spans)! : JsonTraceSerializer.serializeRequest(spans)!);
  if (gzip) body = gzipSync(body);
  return postBytes(url, body, { protobuf, gzip, headers: { ...(origin ? { origin } : {}), ...headers } });
}

function postBytes(url: string, body: Buffer, { protobuf = false, gzip = false, headers = {} }: { protobuf?: boolean; gzip?: boolean; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}), ...headers },
  });
}

const recorder = () => new InMemorySpanExporter();

/** A page whose spans are posted by hand rather than through an exporter. */
const handPage = (applicationId = SHOP_APP, resource = {}) => new RumPage(recorder(), browserResource(applicationId, resource));

/** A good browser session sent beside the bad input, and the check that it came out whole. */
async function goodSession(processor: TestProcessor, headers: Record<string, string> = {}): Promise<() => Promise<void>> {
  const page = handPage();
  page.userAction('click on "Buy"', { durationMs: 300 }).request(200).userAction('click on "Pay"', { durationMs: 200 });
  const response = await post(processor.tracesUrl, page, { origin: SHOP_ORIGIN, headers });
  expect(response.status).toBe(200);
  // The OTLP response goes out with its length, in the write that carries the headers.
  expect(response.headers.get('content-length')).toBe('2');
  expect(await response.text()).toBe('{}');
  return async () => {
    const summary = await processor.summaryOf(page.sessionId);
    expect(summary[SummaryField.ACTION_COUNT]).toBe(2);
    expect(summary[SummaryField.REQUEST_COUNT]).toBe(1);
  };
}

async function expectRefused(response: Response, status: number, error: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  const text = await response.text();
  expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
  expect(JSON.parse(text)).toEqual({ error: expect.stringMatching(error) });
}

describe('hostile input', () => {
  let processor: TestProcessor;
  beforeAll(async () => {
    processor = await TestProcessor.start({
      otherApplications: [{ id: BLOG_APP, allowedOrigins: [BLOG_ORIGIN] }],
      limits: { maxBodyBytes: 200_000, maxDecompressedBytes: 1_000_000, maxAttributesPerSpan: 30, maxAttributeValueLength: 512, maxPastSeconds: 3600, maxFutureSeconds: 60, clockSkewToleranceSeconds: 30 },
    });
  });
  afterAll(() => processor.stop());

  it.concurrent('refuses malformed protobuf and JSON with 400', async () => {
    const good = await goodSession(processor);
    await expectRefused(await postBytes(processor.tracesUrl, Buffer.from([0x0a, 0xff, 0xff, 0x01]), { protobuf: true }), 400, /not an OTLP ExportTraceServiceRequest/);
    await expectRefused(await postBytes(processor.tracesUrl, Buffer.from('{"resourceSpans": [')), 400, /not JSON/);
    await expectRefused(await postBytes(processor.tracesUrl, Buffer.from('{"resourceSpans": {"a": 1}}')), 400, /resourceSpans is not an array/);
    await expectRefused(await postBytes(processor.tracesUrl, Buffer.from('not gzip'), { gzip: true }), 400, /broken gzip/);
    await expectRefused(await fetch(processor.tracesUrl, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }), 415, /content-type/);
    expect(await processor.metric('rum_processor_requests_rejected_total{reason="malformed"}')).toBeGreaterThanOrEqual(4);
    await good();
  });

  it.concurrent('refuses a body over the size limit with 413', async () => {
    const good = await goodSession(processor);
    await expectRefused(await postBytes(processor.tracesUrl, Buffer.alloc(300_000, 0x20)), 413, /larger than 200000 bytes/);
    expect(await processor.metric('rum_processor_requests_rejected_total{reason="body_too_large"}')).toBeGreaterThanOrEqual(1);
    await good();
  });

  it.concurrent('stops inflating a gzip bomb at the decompressed-size cap: 413', async () => {
    const good = await goodSession(processor);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(200_000);
    await expectRefused(await postBytes(processor.tracesUrl, bomb, { gzip: true }), 413, /decompressed body larger than 1000000 bytes/);
    expect(await processor.metric('rum_processor_requests_rejected_total{reason="decompressed_too_large"}')).toBe(1);
    await good();
  });

  it.concurrent("takes gzip's size trailer as a hint only: a lie is a broken body, several members inflate whole", async () => {
    const good = await goodSession(processor);
    const lying = gzipSync(Buffer.from(JsonTraceSerializer.serializeRequest(handPage().userAction('click').takeSpans())!));
    lying.writeUInt32LE(0xffffffff, lying.length - 4);
    await expectRefused(await postBytes(processor.tracesUrl, lying, { gzip: true }), 400, /broken gzip/);

    // The trailer of the last member states the size of that member alone.
    const page = handPage();
    page.userAction('click on "Buy"', { durationMs: 300 }).request(200);
    const json = Buffer.from(JsonTraceSerializer.serializeRequest(page.takeSpans())!);
    const members = Buffer.concat([gzipSync(json.subarray(0, json.length - 10)), gzipSync(json.subarray(json.length - 10))]);
    expect((await postBytes(processor.tracesUrl, members, { gzip: true, headers: { origin: SHOP_ORIGIN } })).status).toBe(200);
    expect((await processor.summaryOf(page.sessionId))[SummaryField.REQUEST_COUNT]).toBe(1);
    await good();
  });

  it.concurrent('refuses unknown applications: 403 for a browser, a counted drop behind a Collector', async () => {
    const good = await goodSession(processor);
    const fromBrowser = handPage('no-such-app').userAction('click');
    await expectRefused(await post(processor.tracesUrl, fromBrowser, { origin: SHOP_ORIGIN }), 403, /unknown application id "no-such-app"/);
    const fromServer = handPage('no-such-app').userAction('click').request(200);
    const response = await post(processor.tracesUrl, fromServer, { protobuf: true });
    expect(response.status).toBe(200);
    expect(await processor.metric('rum_processor_spans_rejected_total{reason="unknown_application"}')).toBeGreaterThanOrEqual(3);
    await good();
  });

  it.concurrent('answers CORS preflights only for allowed origins and checks the post against its application', async () => {
    const good = await goodSession(processor);
    const preflight = await fetch(processor.tracesUrl, {
      method: 'OPTIONS',
      headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,traceparent,baggage' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    for (const header of ['content-type', 'traceparent', 'baggage']) expect(preflight.headers.get('access-control-allow-headers')).toContain(header);
    const refused = await fetch(processor.tracesUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    await expectRefused(await post(processor.tracesUrl, handPage().userAction('click'), { origin: 'https://evil.test' }), 403, /origin https:\/\/evil.test is not allowed/);
    // Blog's origin is allowed for blog, not for the shop.
    await expectRefused(await post(processor.tracesUrl, handPage().userAction('click'), { origin: BLOG_ORIGIN }), 403, /not allowed for application shop/);
    await good();
  });

  it.concurrent('drops spans with absurd timestamps, keeping the rest of the batch', async () => {
    const good = await goodSession(processor);
    const page = handPage();
    page.userAction('click on "Now"', { durationMs: 100 });
    page.userAction('from 2001', { startMs: Date.UTC(2001, 0, 1) });
    page.userAction('from 2100', { startMs: Date.UTC(2100, 0, 1) });
    const before = await processor.metric('rum_processor_spans_rejected_total{reason="timestamp_out_of_range"}');
    const response = await post(processor.tracesUrl, page);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ partialSuccess: { rejectedSpans: '2', errorMessage: 'timestamp_out_of_range' } });
    expect(await processor.metric('rum_processor_spans_rejected_total{reason="timestamp_out_of_range"}')).toBe(before + 2);
    expect((await processor.summaryOf(page.sessionId))[SummaryField.ACTION_COUNT]).toBe(1);
    await good();
  });

  it.concurrent('shifts a batch from a browser whose clock is two hours ahead to server time', async () => {
    const good = await goodSession(processor);
    const page = handPage();
    const browserNow = Date.now() + 2 * 3600_000;
    page.userAction('click on "Later"', { startMs: browserNow - 2000, durationMs: 500 });
    page.request(200, { startMs: browserNow - 1000, durationMs: 1000 });
    const sentAt = Date.now();
    expect((await post(processor.tracesUrl, page, { origin: SHOP_ORIGIN })).status).toBe(200);
    const summary = await processor.summaryOf(page.sessionId);
    const startMs = Date.parse(summary[SummaryField.START_TIME]);
    expect(Math.abs(startMs - (sentAt - 2000))).toBeLessThan(30_000);
    expect(summary[SummaryField.DURATION]).toBe(2000);
    await good();
  });

  it.concurrent('drops attributes past the count limit and cuts long values, counting both, and keeps the span', async () => {
    const good = await goodSession(processor);
    const page = handPage();
    const extra = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`custom.attribute_${index}`, index]));
    page.userAction('click on "Attributes"', { attributes: { 'dt.rum.action.target': 'x'.repeat(10_000), ...extra } });
    const dropped = await processor.metric('rum_processor_attributes_limited_total{reason="attribute_count_limit"}');
    const cut = await processor.metric('rum_processor_attributes_limited_total{reason="attribute_value_truncated"}');
    expect((await post(processor.tracesUrl, page, { origin: SHOP_ORIGIN, protobuf: true, gzip: true })).status).toBe(200);
    expect(await processor.metric('rum_processor_attributes_limited_total{reason="attribute_count_limit"}')).toBeGreaterThan(dropped);
    expect(await processor.metric('rum_processor_attributes_limited_total{reason="attribute_value_truncated"}')).toBe(cut + 1);
    // The span was kept: nothing is counted as a rejected span.
    expect(await processor.metric('rum_processor_spans_rejected_total{reason="attribute_count_limit"}')).toBe(0);
    expect((await processor.summaryOf(page.sessionId))[SummaryField.ACTION_COUNT]).toBe(1);
    await good();
  });

  it.concurrent('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const good = await goodSession(processor);
    const page = handPage().userAction('click on "Spoof"');
    expect((await post(processor.tracesUrl, page, { origin: SHOP_ORIGIN, headers: { 'x-forwarded-for': '203.0.113.77' } })).status).toBe(200);
    expect((await processor.summaryOf(page.sessionId))[SummaryField.CLIENT_ADDRESS]).toBe('127.0.0.0');
    await good();
  });
});

describe('hostile input with tight per-application and per-client limits', () => {
  let processor: TestProcessor;
  beforeAll(async () => {
    processor = await TestProcessor.start({
      server: { trustedProxies: ['127.0.0.1'] },
      limits: { rateLimit: { requestsPerSecond: 0.2, burst: 2 } },
      application: { pageGroups: { max: 5 } },
    });
  });
  afterAll(() => processor.stop());

  it('answers a client over its rate 429 with Retry-After, while other clients go on', async () => {
    const flooder = { 'x-forwarded-for': '203.0.113.5' };
    const good = await goodSession(processor, { 'x-forwarded-for': '198.51.100.7' });
    expect((await post(processor.tracesUrl, handPage().userAction('a'), { origin: SHOP_ORIGIN, headers: flooder })).status).toBe(200);
    expect((await post(processor.tracesUrl, handPage().userAction('b'), { origin: SHOP_ORIGIN, headers: flooder })).status).toBe(200);
    const limited = await post(processor.tracesUrl, handPage().userAction('c'), { origin: SHOP_ORIGIN, headers: flooder });
    await expectRefused(limited, 429, /too many requests/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The client can read the refusal: CORS headers are on it.
    expect(limited.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
    expect(await processor.metric('rum_processor_requests_rejected_total{reason="rate_limited"}')).toBe(1);
    await good();
    // X-Forwarded-For from a trusted proxy names the client, masked.
    const goodSummaries = processor.summaries().filter((summary) => summary[SummaryField.CLIENT_ADDRESS] === '198.51.100.0');
    expect(goodSummaries).toHaveLength(1);
  });

  it('caps page groups per application, overflowing a flood of distinct URLs to "other"', async () => {
    const good = await goodSession(processor, { 'x-forwarded-for': '198.51.100.8' });
    const page = handPage();
    for (let index = 0; index < 40; index++) page.event('page_change', { url: `https://shop.test/landing-${String.fromCharCode(97 + (index % 26))}${index}/offer` });
    expect((await post(processor.tracesUrl, page, { origin: SHOP_ORIGIN, headers: { 'x-forwarded-for': '198.51.100.9' } })).status).toBe(200);
    await processor.summaryOf(page.sessionId);
    await good();
    const metrics = await processor.metrics();
    const pageGroups = new Set([...metrics.matchAll(/^rum_page_views_total\{[^}]*page_group="([^"]*)"/gm)].map((match) => match[1]));
    expect(pageGroups.has(PAGE_GROUP_OVERFLOW)).toBe(true);
    expect(pageGroups.size).toBeLessThanOrEqual(6);
  });
});
