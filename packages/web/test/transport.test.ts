import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_RUM_ACTION_NAME } from '@otel-rum/semconv';
import type { ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { Harness, jsonRoute } from './harness.js';

const harness = new Harness();
beforeAll(() => harness.start());
afterAll(() => harness.stop());
afterEach(() => harness.closeContexts());

interface RumWindow {
  rum: { enterAction(name: string): { end(): void } };
}
const customActions = (page: Page, prefix: string, count: number): Promise<void> =>
  page.evaluate(
    ({ prefix, count }) => {
      for (let index = 0; index < count; index++) (window as unknown as RumWindow).rum.enterAction(`${prefix} ${index}`).end();
    },
    { prefix, count },
  );
const actionsNamed = (prefix: string): string[] =>
  harness.receiver.spans.map((span) => String(span.attributes[ATTR_RUM_ACTION_NAME] ?? '')).filter((name) => name.startsWith(prefix));

/** Batches wait a minute: only a page-hide flush can deliver them within the test. */
const HOLD_BATCHES = { transport: { batchDelayMs: 60_000 } };

describe('transport', () => {
  it('sends what is queued when the user navigates away', async () => {
    const page = await harness.open(harness.page('/leave.html', { options: HOLD_BATCHES }));
    await customActions(page, 'before leaving', 3);
    await page.goto(`${harness.server.origin}/nowhere`);
    await harness.receiver.waitFor((span) => String(span.attributes[ATTR_RUM_ACTION_NAME]).startsWith('before leaving'), { count: 3 });
    // The load action was still open (no batch had gone out); it ended and left with the rest.
    await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /leave.html');
  });

  it('never listens for unload or beforeunload, which would keep the page out of the back/forward cache', async () => {
    const recordListeners = `<script>
      window.listenedTypes = [];
      const add = EventTarget.prototype.addEventListener;
      EventTarget.prototype.addEventListener = function (type, ...rest) {
        window.listenedTypes.push(type);
        return add.call(this, type, ...rest);
      };
    </script>`;
    const page = await harness.open(harness.page('/bfcache.html', { head: recordListeners }));
    const types = await page.evaluate(() => (window as unknown as { listenedTypes: string[] }).listenedTypes);
    expect(types).toEqual(expect.arrayContaining(['pagehide', 'visibilitychange', 'click']));
    expect(types).not.toContain('unload');
    expect(types).not.toContain('beforeunload');
  });

  it('lets the page into the back/forward cache, and records on in the same session after a restore', async () => {
    const cached = await new Harness({ backForwardCache: true }).start();
    try {
      cached.route('/api/after-restore', jsonRoute());
      const restored = `<script>addEventListener('pageshow', (event) => { if (event.persisted) window.restoredFromCache = true; });</script>`;
      const url = cached.page('/bfcache-restore.html', { head: restored, body: `<button onclick="fetch('/api/after-restore')">Fetch</button>` });
      const page = await cached.open(url);
      const sessionId = await page.evaluate(() => (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId());
      await page.goto(`${cached.server.origin}/elsewhere`);
      await page.goBack({ waitUntil: 'commit' });
      // A page kept out of the cache (an unload listener does that) loads anew and never sees this.
      await page.waitForFunction(() => (window as unknown as { restoredFromCache?: boolean }).restoredFromCache === true, undefined, { timeout: 5_000 });
      await page.click('button');
      const [action] = await cached.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'click on "Fetch"');
      expect(action!.attributes['dt.rum.session.id']).toBe(sessionId);
      const [request] = await cached.receiver.waitFor((span) => String(span.attributes['url.full']).endsWith('/api/after-restore'));
      expect(request!.parentSpanId).toBe(action!.spanId);
    } finally {
      await cached.stop();
    }
  });

  it('leaves with sendBeacon in a browser without keepalive fetches (Firefox before 133)', async () => {
    // Chromium has keepalive; this page takes it away before the SDK loads, and counts the beacons
    // the browser accepted (an accepted beacon is the whole delivery: no fetch follows it).
    const withoutKeepalive = `<script>
      delete Request.prototype.keepalive;
      const sendBeacon = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => {
        const queued = sendBeacon(url, data);
        if (queued) localStorage.setItem('beacons', String(Number(localStorage.getItem('beacons') ?? 0) + 1));
        return queued;
      };
    </script>`;
    const page = await harness.open(harness.page('/beacon.html', { head: withoutKeepalive, options: HOLD_BATCHES }));
    await customActions(page, 'by beacon', 2);
    harness.server.page('/after-beacon.html', '<!doctype html><p>next page</p>');
    await page.goto(`${harness.server.origin}/after-beacon.html`);
    await harness.receiver.waitFor((span) => String(span.attributes[ATTR_RUM_ACTION_NAME]).startsWith('by beacon'), { count: 2 });
    expect(Number(await page.evaluate(() => localStorage.getItem('beacons')))).toBeGreaterThan(0);
  });

  it('posts OTLP/HTTP JSON with the configured headers', async () => {
    const page = await harness.open(harness.page('/headers.html', { options: { applicationId: 'headers-app', headers: { 'x-api-key': 'secret-key' } } }));
    await customActions(page, 'with headers', 1);
    await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'with headers 0');
    const exports = harness.receiver.requests.filter((request) => request.body.toString('utf8').includes('headers-app'));
    expect(exports.length).toBeGreaterThan(0);
    for (const request of exports) {
      expect(request.path).toBe('/v1/traces');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-api-key']).toBe('secret-key');
    }
  });

  it('sends what is queued when the tab closes', async () => {
    const page = await harness.open(harness.page('/close.html', { options: HOLD_BATCHES }));
    await customActions(page, 'before closing', 2);
    await page.close({ runBeforeUnload: true });
    await harness.receiver.waitFor((span) => String(span.attributes[ATTR_RUM_ACTION_NAME]).startsWith('before closing'), { count: 2 });
  });

  it('delivers every span exactly once when the user keeps reloading', async () => {
    // A keepalive export in flight when a navigation starts arrives, yet its promise rejects: a
    // transport that resent it at page hide would deliver it twice.
    const url = harness.page('/reloads.html', { options: { applicationId: 'reloading-app' } });
    const page = await harness.open(url);
    const reloads = 15;
    for (let reload = 0; reload < reloads; reload++) await page.reload();
    const isLoad = (span: ReceivedSpan): boolean => span.attributes[ATTR_RUM_ACTION_NAME] === 'loading of page /reloads.html';
    await harness.receiver.waitFor(isLoad, { count: reloads });
    await page.close();
    await harness.receiver.waitFor(isLoad, { count: reloads + 1 });
    const pageSpans = harness.receiver.spans.filter((span) => span.resource['dt.rum.application.id'] === 'reloading-app');
    const spanIds = pageSpans.map((span) => span.spanId);
    expect(spanIds.length).toBeGreaterThanOrEqual(2 * (reloads + 1));
    expect(new Set(spanIds).size).toBe(spanIds.length);
  });

  it('holds at most maxQueueSize spans while the endpoint is down, dropping the oldest, and recovers', async () => {
    let up = false;
    let refused = 0;
    // A collector that answers 503 until it comes back, then hands the data to the receiver.
    harness.route('/collector/v1/traces', async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (!up) {
        refused++;
        res.writeHead(503).end();
        return;
      }
      const forwarded = await fetch(harness.receiver.tracesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
      res.writeHead(forwarded.status).end();
    });
    const page = await harness.open(
      harness.page('/outage.html', {
        options: { endpoint: `${harness.server.origin}/collector/v1/traces`, transport: { batchDelayMs: 50, retryDelayMs: 100, maxQueueSize: 20 } },
      }),
    );
    await customActions(page, 'during outage', 100);
    await expect.poll(() => refused, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    up = true;
    await customActions(page, 'after recovery', 1);
    await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'after recovery 0');
    const delivered = actionsNamed('during outage');
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.length).toBeLessThanOrEqual(20);
    expect(delivered).toContain('during outage 99');
    expect(delivered).not.toContain('during outage 0');
  });

  it('shutdown() sends what is queued and gives the page its own functions back', async () => {
    const page = await harness.open(harness.page('/shutdown.html', { options: HOLD_BATCHES }));
    await customActions(page, 'before shutdown', 2);
    const restored = await page.evaluate(async () => {
      const patched = window.fetch;
      await (window as unknown as { rum: { shutdown(): Promise<void> } }).rum.shutdown();
      return window.fetch !== patched && String(window.fetch).includes('[native code]') && String(window.setTimeout).includes('[native code]');
    });
    expect(restored).toBe(true);
    await harness.receiver.waitFor((span) => String(span.attributes[ATTR_RUM_ACTION_NAME]).startsWith('before shutdown'), { count: 2 });
  });
});
