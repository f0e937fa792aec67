import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_CLIENT_ADDRESS, DeviceType, SessionEndReason, SummaryField, UserType } from '@otel-rum/semconv';
import { browserResource, RumPage } from './support/rum-client.js';
import { SHOP_APP, TestProcessor, waitFor } from './support/processor.js';

// The official OTel exporters as clients, over every transport the processor speaks.

describe('OTLP receivers', () => {
  let processor: TestProcessor;
  beforeAll(async () => {
    processor = await TestProcessor.start({ server: { trustedProxies: ['127.0.0.1'] } });
  });
  afterAll(() => processor.stop());

  async function sendSession(page: RumPage): Promise<void> {
    page.event('session_start');
    page.userAction('loading of page /', { actionType: 'load', durationMs: 1200 });
    page.request(200);
    page.userAction('click on "Add to cart"', { durationMs: 400 });
    page.request(200);
    page.error('boom');
    await page.sendOk();
  }

  it.concurrent.each([
    ['OTLP/HTTP JSON', () => processor.httpJsonExporter()],
    ['OTLP/HTTP protobuf, gzip', () => processor.httpProtoExporter()],
    ['OTLP/HTTP protobuf, uncompressed', () => processor.httpProtoExporter({ gzip: false })],
    ['OTLP/gRPC, gzip', () => processor.grpcExporter()],
  ])('turns spans sent over %s into a session summary', async (_, exporter) => {
    const page = new RumPage(exporter(), browserResource(SHOP_APP));
    await sendSession(page);
    const summary = await processor.summaryOf(page.sessionId);
    expect(summary[SummaryField.APPLICATION_ID]).toBe(SHOP_APP);
    expect(summary[SummaryField.END_REASON]).toBe(SessionEndReason.TIMEOUT);
    expect(summary[SummaryField.ACTION_COUNT]).toBe(2);
    expect(summary[SummaryField.REQUEST_COUNT]).toBe(2);
    expect(summary[SummaryField.ERROR_COUNT]).toBe(1);
    expect(summary[SummaryField.BROWSER_NAME]).toBe('Chrome');
    expect(summary[SummaryField.OS_NAME]).toBe('Linux');
    expect(summary[SummaryField.DEVICE_TYPE]).toBe(DeviceType.DESKTOP);
    expect(summary[SummaryField.BROWSER_WINDOW_WIDTH]).toBe(1280);
    expect(summary[SummaryField.DEVICE_SCREEN_WIDTH]).toBe(1920);
    expect(summary[SummaryField.USER_TYPE]).toBe(UserType.REAL_USER);
    // The peer (127.0.0.1), masked; no client address of its own on the resource.
    expect(summary[SummaryField.CLIENT_ADDRESS]).toBe('127.0.0.0');
  });

  it('takes the client address a Collector noted on the resource, masked, from a trusted gRPC peer', async () => {
    const page = new RumPage(processor.grpcExporter(), browserResource(SHOP_APP, { [ATTR_CLIENT_ADDRESS]: '2001:db8:85a3:1234:5678:8a2e:370:7334' }));
    await sendSession(page);
    expect((await processor.summaryOf(page.sessionId))[SummaryField.CLIENT_ADDRESS]).toBe('2001:db8:85a3::');
  });

  it('counts spans received per transport and ignores spans that are not RUM', async () => {
    const before = await processor.metric('rum_processor_spans_rejected_total{reason="not_rum"}');
    const page = new RumPage(processor.httpJsonExporter(), { 'service.name': 'backend' });
    page.request(200);
    await page.sendOk();
    await waitFor('the non-RUM span to be counted', async () => (await processor.metric('rum_processor_spans_rejected_total{reason="not_rum"}')) === before + 1);
    expect(await processor.metric('rum_processor_spans_received_total{transport="grpc"}')).toBeGreaterThan(0);
    expect(await processor.metric('rum_processor_spans_received_total{transport="http"}')).toBeGreaterThan(0);
  });

  it('answers health checks and unknown routes', async () => {
    const health = await fetch(`${processor.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const missing = await fetch(`${processor.url}/v1/logs`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: expect.stringContaining('/v1/logs') });
  });
});
