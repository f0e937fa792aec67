import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_USER_TYPE,
  ATTR_USER_AGENT_SYNTHETIC_TYPE,
  SYNTHETIC_PAGE_MARKER_GLOBAL,
  SyntheticType,
  UserType,
  type SyntheticPageMarker,
} from '@otel-rum/semconv';
import { Harness, rumPageHtml } from './harness.js';

const SERVER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SERVER_SPAN_ID = '00f067aa0ba902b7';

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
    expect(load!.resource[ATTR_RUM_USER_TYPE]).toBeUndefined();
    await page.close();
  });

  it('marks the page load of a synthetic run synthetic when the runner left its marker on the window', async () => {
    const marker: SyntheticPageMarker = { type: SyntheticType.TEST, monitorId: 'checkout', location: 'local', traceId: SERVER_TRACE_ID, spanId: SERVER_SPAN_ID };
    const url = harness.page('/synthetic.html', { head: `<script>window.${SYNTHETIC_PAGE_MARKER_GLOBAL} = ${JSON.stringify(marker)};</script>` });
    const page = await harness.open(url);
    const [load] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /synthetic.html');
    expect(load!.resource[ATTR_RUM_USER_TYPE]).toBe(UserType.SYNTHETIC);
    expect(load!.resource[ATTR_USER_AGENT_SYNTHETIC_TYPE]).toBe(SyntheticType.TEST);
    await page.close();
  });

  it('includes the requests started during the load, ending after the last of them', async () => {
    harness.route('/api/during-load', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 300);
    });
    const page = await harness.open(harness.page('/loading.html', { script: "fetch('/api/during-load');" }));
    const [load] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /loading.html');
    const [request] = await harness.receiver.waitFor((span) => String(span.attributes['url.full']).endsWith('/api/during-load'));
    expect(request!.parentSpanId).toBe(load!.spanId);
    expect(request!.endTimeUnixNano <= load!.endTimeUnixNano).toBe(true);
    const loadEventEnd = load!.events.find((event) => event.name === 'loadEventEnd')!.timeUnixNano;
    expect(load!.endTimeUnixNano > loadEventEnd).toBe(true);
    await page.close();
  });

  it('is recorded when the SDK itself loads after the load event', async () => {
    const options = JSON.stringify({ applicationId: 'late-app', serviceName: 'late', endpoint: harness.receiver.tracesUrl, transport: { batchDelayMs: 100 } });
    harness.server.page(
      '/late.html',
      `<!doctype html><html><body><script>
        addEventListener('load', () => setTimeout(() => {
          const script = document.createElement('script');
          script.src = '/otel-rum.iife.js';
          script.onload = () => OtelRum.initRum(${options});
          document.head.append(script);
        }, 50));
      </script></body></html>`,
    );
    const page = await harness.open(`${harness.server.origin}/late.html`);
    const [load] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /late.html');
    expect(load!.resource['dt.rum.application.id']).toBe('late-app');
    expect(load!.events.map((event) => event.name)).toContain('loadEventEnd');
    await page.close();
  });

  it('joins the server trace named by <meta name="traceparent">', async () => {
    const url = harness.page('/meta.html', { head: `<meta name="traceparent" content="00-${SERVER_TRACE_ID}-${SERVER_SPAN_ID}-01">` });
    const page = await harness.open(url);
    const [load] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /meta.html');
    expect(load!.traceId).toBe(SERVER_TRACE_ID);
    expect(load!.parentSpanId).toBe(SERVER_SPAN_ID);
    expect(load!.links).toEqual([expect.objectContaining({ traceId: SERVER_TRACE_ID, spanId: SERVER_SPAN_ID })]);
    await page.close();
  });

  it('joins the server trace named by Server-Timing: traceparent', async () => {
    const html = rumPageHtml(harness.receiver);
    harness.route('/server-timing.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'server-timing': `db;dur=12, traceparent;desc="00-${SERVER_TRACE_ID}-${SERVER_SPAN_ID}-01"` }).end(html);
    });
    const page = await harness.open(`${harness.server.origin}/server-timing.html`);
    const [load] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /server-timing.html');
    expect(load!.traceId).toBe(SERVER_TRACE_ID);
    expect(load!.parentSpanId).toBe(SERVER_SPAN_ID);
    await page.close();
  });

  it('starts its own trace without a server traceparent', async () => {
    const page = await harness.open(harness.page('/plain.html'));
    const [load] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /plain.html');
    expect(load!.traceId).not.toBe(SERVER_TRACE_ID);
    expect(load!.parentSpanId).toBe('');
    await page.close();
  });
});
