import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_RUM_ACTION_NAME, ATTR_RUM_ACTION_TYPE, ATTR_RUM_EVENT_TYPE } from '@otel-rum/semconv';
import { Harness } from './harness.js';

const harness = new Harness();
beforeAll(() => harness.start());
afterAll(() => harness.stop());

describe('load action', () => {
  it('spans navigation start to load, with navigation timing events and resource timings as children', async () => {
    harness.server.page('/style.css', 'body{color:black}');
    harness.route('/script.js', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/javascript' }).end('window.loaded = true;'), 50);
    });
    const url = harness.page('/shop/index.html', { head: '<link rel="stylesheet" href="/style.css">', body: '<script src="/script.js"></script>' });
    const page = await harness.open(url);
    const [load] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_TYPE] === 'load');
    expect(load!.attributes[ATTR_RUM_EVENT_TYPE]).toBe('user_action');
    expect(load!.attributes[ATTR_RUM_ACTION_NAME]).toBe('loading of page /shop/index.html');
    const eventNames = load!.events.map((event) => event.name);
    expect(eventNames).toEqual(expect.arrayContaining(['fetchStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'loadEventEnd']));
    const children = harness.receiver.spans.filter((span) => span.parentSpanId === load!.spanId);
    const script = children.find((span) => String(span.attributes['url.full']).endsWith('/script.js'));
    expect(script?.name).toBe('resource script');
    expect(script?.traceId).toBe(load!.traceId);
    expect(children.some((span) => String(span.attributes['url.full']).endsWith('/style.css'))).toBe(true);
    expect(load!.resource['dt.rum.application.id']).toBe('web-core-test-app');
    await page.close();
  });
});
