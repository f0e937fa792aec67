import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../test/support/chromium.js';
import { OtlpReceiver } from '../../test/support/otlp-receiver.js';
import { FaultSwitch } from '../src/shop/faults.js';
import { runTraffic } from '../src/traffic/generator.js';
import { JOURNEY_NAMES, type JourneyName } from '../src/traffic/journeys.js';
import { startProcess, startShopProcess, type ShopProcess } from './child-process.js';

const SPAN_KIND_SERVER = 2;
const CONVERTING_JOURNEYS: JourneyName[] = ['buy', 'rage-buy', 'error-buy'];

async function postJson(url: string, body: unknown, cookie = ''): Promise<{ status: number; body: Record<string, unknown>; cookie: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? cookie };
}

describe('demo shop and traffic generator', () => {
  let receiver: OtlpReceiver;
  let shop: ShopProcess;
  let browser: Browser;

  beforeAll(async () => {
    receiver = await new OtlpReceiver().start();
    [shop, browser] = await Promise.all([
      startShopProcess(['--traces-url', receiver.tracesUrl, '--rum-endpoint', receiver.tracesUrl, '--payment-failure-rate', '0', '--slow-reviews-ms', '200']),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.stop();
    await receiver?.stop();
  });

  it('runs every journey to its end in Chromium, one RUM session each; only the buying ones reach "payment finished"', async () => {
    const { results, totals } = await runTraffic({ browser, shopOrigin: shop.origin, script: JOURNEY_NAMES, thinkMs: 40, seed: 5 });
    expect(results.filter((result) => result.failure)).toEqual([]);
    expect(Object.fromEntries(results.map((result) => [result.journey, result.converted]))).toEqual(
      Object.fromEntries(JOURNEY_NAMES.map((name) => [name, CONVERTING_JOURNEYS.includes(name)])),
    );
    expect(totals.sessions).toBe(JOURNEY_NAMES.length);
    expect(new Set(results.map((result) => result.sessionId)).size).toBe(JOURNEY_NAMES.length);

    // The buyer's API calls reach the backend inside the browser's traces, with the session id.
    const buyer = results.find((result) => result.journey === 'buy')!.sessionId!;
    const [payment] = await receiver.waitFor((span) => span.kind === SPAN_KIND_SERVER && span.attributes['url.path'] === '/api/payment' && span.attributes['session.id'] === buyer);
    const [browserPayment] = await receiver.waitFor((span) => span.attributes['dt.rum.event.type'] === 'request' && span.traceId === payment!.traceId);
    expect(browserPayment!.attributes['dt.rum.session.id']).toBe(buyer);
    expect(payment!.parentSpanId).toBe(browserPayment!.spanId);
    // The HTML of "payment finished" was rendered in the trace of that page's load action.
    const [finishedPage] = await receiver.waitFor((span) => span.kind === SPAN_KIND_SERVER && span.attributes['url.path'] === '/payment/finished');
    await receiver.waitFor((span) => span.traceId === finishedPage!.traceId && span.attributes['dt.rum.action.type'] === 'load' && span.attributes['dt.rum.session.id'] === buyer);
  });

  it('traces its API calls, continuing the trace and session of the caller', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const sessionId = '0123456789abcdef0123456789abcdef';
    const response = await fetch(`${shop.origin}/api/products/3/reviews`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, baggage: `session.id=${sessionId}` } });
    expect(response.status).toBe(200);
    const [serverSpan] = await receiver.waitFor((span) => span.kind === SPAN_KIND_SERVER && span.traceId === traceId);
    const [reviewSpan] = await receiver.waitFor((span) => span.name === 'query review service' && span.traceId === traceId);
    expect(serverSpan!.attributes['session.id']).toBe(sessionId);
    expect(reviewSpan!.parentSpanId).toBe(serverSpan!.spanId);
    expect(reviewSpan!.attributes['dt.rum.session.id']).toBe(sessionId);
  });

  it('answers bad input with a clear 4xx and keeps serving', async () => {
    const notJson = await postJson(`${shop.origin}/api/cart`, '{"productId":');
    expect(notJson).toMatchObject({ status: 400, body: { error: 'request body is not JSON' } });
    expect((await postJson(`${shop.origin}/api/cart`, { productId: 999 })).status).toBe(400);
    expect((await postJson(`${shop.origin}/api/cart`, { productId: 1, quantity: -3 })).status).toBe(400);
    expect((await postJson(`${shop.origin}/api/cart`, 'x'.repeat(20_000))).status).toBe(413);
    expect((await postJson(`${shop.origin}/api/checkout`, { name: 'A', address: 'B' })).status).toBe(409);
    expect((await postJson(`${shop.origin}/api/payment`, { orderId: 'NOPE' })).status).toBe(404);
    expect((await fetch(`${shop.origin}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${shop.origin}/nothing`)).status).toBe(404);
    expect((await fetch(`${shop.origin}/api/products`)).status).toBe(200);
  });
});

describe('the flaky payment endpoint', () => {
  it('fails every payment at rate 1 with a clear 503', async () => {
    const receiver = await new OtlpReceiver().start();
    const shop = await startShopProcess(['--payment-failure-rate', '1', '--traces-url', receiver.tracesUrl]);
    try {
      const added = await postJson(`${shop.origin}/api/cart`, { productId: 2 });
      const order = await postJson(`${shop.origin}/api/checkout`, { name: 'Ada', address: '1 Trace Street' }, added.cookie);
      expect(order.status).toBe(200);
      const payment = await postJson(`${shop.origin}/api/payment`, { orderId: order.body.orderId }, added.cookie);
      expect(payment).toMatchObject({ status: 503, body: { error: 'payment provider unavailable' } });
    } finally {
      await shop.stop();
      await receiver.stop();
    }
  });

  it('draws the same failures from the same seed', () => {
    const draws = (seed: number) => {
      const faults = new FaultSwitch({ seed, paymentFailureRate: 0.5, slowReviewsMs: 0 });
      return Array.from({ length: 40 }, () => faults.paymentFails());
    };
    expect(draws(7)).toEqual(draws(7));
    expect(draws(7)).not.toEqual(draws(8));
    expect(new Set(draws(7))).toEqual(new Set([true, false]));
  });

  it('refuses bad options with a clear message', async () => {
    const shop = startProcess(process.execPath, ['demo/dist/shop/main.js', '--payment-failure-rate', '2']);
    expect(await shop.exited).toBe(2);
    expect(shop.output()).toContain('payment failure rate must be between 0 and 1, got 2');
  });
});
