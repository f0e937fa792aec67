import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_RUM_PAGE_REFERRER, ATTR_URL_FULL, ATTR_URL_PATH, EventType } from '@otel-rum/semconv';
import { Harness, inSession } from './harness.js';

const harness = new Harness();
beforeAll(() => harness.start());
afterAll(() => harness.stop());

describe('page changes', () => {
  it('records the loaded page and each SPA route change (history API and hash), with the previous page as referrer', async () => {
    const landing = harness.page('/landing.html', { body: '<a id="to-shop" href="/shop/home.html?campaign=x">Shop</a>' });
    const home = harness.page('/shop/home.html');
    const page = await harness.open(landing);
    await page.click('#to-shop');
    await page.waitForURL(/home\.html/);
    const sessionId = await page.evaluate(() => (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId());
    await page.evaluate(() => {
      history.pushState({}, '', '/shop/cart?coupon=SECRET');
      location.hash = '#/checkout';
    });
    const changes = await harness.receiver.waitFor(
      (span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.PAGE_CHANGE,
      { count: 4 },
    );
    const ordered = changes.sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano));
    expect(ordered.map((span) => span.attributes[ATTR_URL_PATH])).toEqual(['/landing.html', '/shop/home.html', '/shop/cart', '/shop/cart#/checkout']);
    expect(ordered[0]!.attributes[ATTR_RUM_PAGE_REFERRER]).toBeUndefined();
    expect(ordered[1]!.attributes[ATTR_RUM_PAGE_REFERRER]).toBe(landing);
    expect(ordered[2]!.attributes[ATTR_RUM_PAGE_REFERRER]).toBe(home);
    expect(ordered[3]!.attributes[ATTR_RUM_PAGE_REFERRER]).toBe(`${harness.server.origin}/shop/cart`);
    expect(ordered[2]!.attributes[ATTR_URL_FULL]).toBe(`${harness.server.origin}/shop/cart`);
    // A route change is its own user action; its page_change belongs to it.
    const [routeChange] = await harness.receiver.waitFor((span) => span.spanId === ordered[2]!.parentSpanId);
    expect(routeChange!.attributes['dt.rum.action.type']).toBe('route_change');
  });
});
