import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_RUM_USER_TYPE, ATTR_USER_AGENT_ORIGINAL, ATTR_USER_AGENT_SYNTHETIC_TYPE, DeviceType, PAGE_GROUP_OVERFLOW, SummaryField, SYNTHETIC_USER_AGENT_TOKEN, UserType } from '@otel-rum/semconv';
import { foldPath, PageGroups, pathOf, UserAgentAnalyzer } from '../src/enrichment/index.js';
import { AddressSet, maskAddress, resolveClientAddress } from '../src/limits/index.js';
import { browserResource, RumPage } from './support/rum-client.js';
import { SHOP_APP, TestProcessor } from './support/processor.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** Chromium as @otel-rum/synthetic's runner drives it: its token appended to the user agent. */
const SYNTHETIC_RUNNER =
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 ${SYNTHETIC_USER_AGENT_TOKEN}/0.1.0 (monitor=checkout; location=local)`;

describe('enrichment', () => {
  it('derives browser, OS and device from the user agent, and spots bots', () => {
    const analyzer = new UserAgentAnalyzer();
    expect(analyzer.analyze(IPHONE)).toMatchObject({ browserName: 'Mobile Safari', osName: 'iOS', osVersion: '17.0', deviceType: DeviceType.MOBILE, deviceManufacturer: 'Apple', deviceModel: 'iPhone', isBot: false });
    expect(analyzer.analyze(GOOGLEBOT).isBot).toBe(true);
    expect(analyzer.analyze('curl/8.5.0').isBot).toBe(true);
    expect(analyzer.analyze('').deviceType).toBe(DeviceType.OTHER);
    // Cached: the same answer, the same object.
    expect(analyzer.analyze(IPHONE)).toBe(analyzer.analyze(IPHONE));
  });

  it('folds ids out of URL paths', () => {
    expect(pathOf('https://shop.example.com/cart?x=1#top')).toBe('/cart');
    expect(pathOf('https://shop.example.com')).toBe('/');
    expect(foldPath('/orders/12345/items/550e8400-e29b-41d4-a716-446655440000')).toBe('/orders/:id/items/:id');
    expect(foldPath('/commit/9f86d081884c7d65/')).toBe('/commit/:id');
    expect(foldPath('/t/aB3dE5fG7hJ9kL1mN3pQ')).toBe('/t/:id');
    expect(foldPath('/products/red-shoes')).toBe('/products/red-shoes');
    expect(foldPath('/a/b/c/d/e/f/g/h/i/j')).toBe('/a/b/c/d/e/f/g/h/…');
  });

  it('applies configured rules first and caps groups per application, keeping them across a restart', () => {
    const settings = { rules: [{ pattern: /^\/product\/[^/]+$/, group: '/product/:slug' }], maxGroups: 3 };
    const groups = new PageGroups(() => settings);
    expect(groups.groupOf('shop', '/product/red-shoes')).toBe('/product/:slug');
    expect(groups.groupOf('shop', '/cart')).toBe('/cart');
    expect(groups.groupOf('shop', '/checkout')).toBe('/checkout');
    expect(groups.groupOf('shop', '/account')).toBe(PAGE_GROUP_OVERFLOW);
    expect(groups.groupOf('blog', '/account')).toBe('/account');
    const restored = new PageGroups(() => settings);
    restored.restore(groups.snapshot());
    expect(restored.groupOf('shop', '/cart')).toBe('/cart');
    expect(restored.groupOf('shop', '/about')).toBe(PAGE_GROUP_OVERFLOW);
  });

  it('masks client addresses and believes X-Forwarded-For only from trusted proxies', () => {
    expect(maskAddress('203.0.113.77')).toBe('203.0.113.0');
    expect(maskAddress('::ffff:203.0.113.77')).toBe('203.0.113.0');
    expect(maskAddress('2001:db8:85a3:1234::1')).toBe('2001:db8:85a3::');
    expect(maskAddress('::1')).toBe('::');
    expect(maskAddress('2001:0:85a3:1::1')).toBe('2001:0:85a3::');
    expect(maskAddress('not an address')).toBe('');
    const proxies = new AddressSet(['10.0.0.0/8', '2001:db8::/32']);
    expect(resolveClientAddress('10.1.2.3', '198.51.100.7, 10.0.0.5', proxies)).toBe('198.51.100.7');
    // The leftmost entry is whatever the client claimed; the rightmost untrusted hop is who connected.
    expect(resolveClientAddress('10.1.2.3', '1.1.1.1, 198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('192.0.2.1', '198.51.100.7', proxies)).toBe('192.0.2.1');
    expect(resolveClientAddress('::ffff:10.1.2.3', 'garbage, 198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('2001:db8::9', '2001:db8:1::1, 203.0.113.1', proxies)).toBe('203.0.113.1');
  });
});

describe('enrichment in the running processor', () => {
  let processor: TestProcessor;
  beforeAll(async () => {
    processor = await TestProcessor.start();
  });
  afterAll(() => processor.stop());

  it.concurrent.each([
    ['a phone', { [ATTR_USER_AGENT_ORIGINAL]: IPHONE }, UserType.REAL_USER, DeviceType.MOBILE],
    ['a crawler', { [ATTR_USER_AGENT_ORIGINAL]: GOOGLEBOT }, UserType.ROBOT, DeviceType.DESKTOP],
    ['a synthetic monitor (resource attribute)', { [ATTR_RUM_USER_TYPE]: UserType.SYNTHETIC }, UserType.SYNTHETIC, DeviceType.DESKTOP],
    ['a synthetic monitor (user agent type)', { [ATTR_USER_AGENT_SYNTHETIC_TYPE]: 'test' }, UserType.SYNTHETIC, DeviceType.DESKTOP],
    ["a synthetic monitor (the runner's user agent)", { [ATTR_USER_AGENT_ORIGINAL]: SYNTHETIC_RUNNER }, UserType.SYNTHETIC, DeviceType.DESKTOP],
  ])('tells the user type and device of %s', async (_, resource, userType, deviceType) => {
    const page = new RumPage(processor.httpProtoExporter(), browserResource(SHOP_APP, resource), { url: 'https://shop.test/orders/12345?tab=2' });
    page.userAction('loading of page /orders', { actionType: 'load' });
    await page.sendOk();
    const summary = await processor.summaryOf(page.sessionId);
    expect(summary[SummaryField.USER_TYPE]).toBe(userType);
    expect(summary[SummaryField.DEVICE_TYPE]).toBe(deviceType);
    expect(summary[SummaryField.ENTRY_PAGE]).toBe('/orders/:id');
  });
});
