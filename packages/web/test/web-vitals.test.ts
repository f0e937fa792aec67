import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_BROWSER_WEB_VITAL_DELTA,
  ATTR_BROWSER_WEB_VITAL_ID,
  ATTR_BROWSER_WEB_VITAL_NAME,
  ATTR_BROWSER_WEB_VITAL_RATING,
  ATTR_BROWSER_WEB_VITAL_VALUE,
  EventType,
  WEB_VITAL_NAMES,
  WEB_VITAL_RATINGS,
} from '@otel-rum/semconv';
import type { ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { Harness, inSession } from './harness.js';

const harness = new Harness();
beforeAll(() => harness.start());
afterAll(() => harness.stop());

// A large heading (the LCP element), a late banner that pushes it down (a layout shift), and a slow
// click handler (an interaction INP can see).
const BODY = `<div id="banner-slot"></div><h1 style="font-size:64px">Welcome to the shop</h1>
<button id="slow" onclick="const until = performance.now() + 150; while (performance.now() < until);">Slow</button>
<script>setTimeout(() => { document.getElementById('banner-slot').innerHTML = '<div style="height:200px">Sale!</div>'; }, 100);</script>`;

describe('web vitals', () => {
  it('reports LCP, FCP, TTFB, CLS and INP as web_vital spans once the page is hidden', async () => {
    const page = await harness.open(harness.page('/vitals.html', { body: BODY }));
    const sessionId = await page.evaluate(() => (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId());
    await page.waitForTimeout(300);
    await page.click('#slow');
    // The browser delivers event timing entries a little after the interaction, and web-vitals
    // processes them in the next idle callback: wait for the click's entry, then for an idle
    // callback queued after web-vitals' own.
    await page.evaluate(async () => {
      await new Promise<void>((resolve) => {
        new PerformanceObserver((list, observer) => {
          if (list.getEntries().some((entry) => entry.name === 'click')) {
            observer.disconnect();
            resolve();
          }
        }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
      });
      // Headless Chromium only has idle periods between frames: ask for a frame until one comes.
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const deadline = await new Promise<IdleDeadline>((resolve) => requestIdleCallback(resolve, { timeout: 500 }));
        if (!deadline.didTimeout) break;
      }
    });
    // Leaving the page hides it: web-vitals reports what it holds, the transport flushes on pagehide.
    await page.goto(harness.page('/vitals-next.html'));
    const isVital = (name: string) => (span: ReceivedSpan) =>
      inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.WEB_VITAL && span.attributes[ATTR_BROWSER_WEB_VITAL_NAME] === name;
    const byName: Record<string, ReceivedSpan> = {};
    for (const name of WEB_VITAL_NAMES) byName[name] = (await harness.receiver.waitFor(isVital(name)))[0]!;
    const vitals = Object.values(byName);
    for (const span of vitals) {
      expect(WEB_VITAL_RATINGS).toContain(span.attributes[ATTR_BROWSER_WEB_VITAL_RATING]);
      expect(span.attributes[ATTR_BROWSER_WEB_VITAL_ID]).toMatch(/^v5-/);
      expect(typeof span.attributes[ATTR_BROWSER_WEB_VITAL_DELTA]).toBe('number');
      expect(span.parentSpanId).toBe('');
    }
    expect(byName.lcp!.attributes[ATTR_BROWSER_WEB_VITAL_VALUE]).toBeGreaterThan(0);
    expect(byName.fcp!.attributes[ATTR_BROWSER_WEB_VITAL_VALUE]).toBeGreaterThan(0);
    // The slow handler blocks for 150 ms: the interaction takes at least that long.
    expect(byName.inp!.attributes[ATTR_BROWSER_WEB_VITAL_VALUE]).toBeGreaterThanOrEqual(150);
    // CLS is unitless: a fraction of the viewport, not milliseconds.
    expect(byName.cls!.attributes[ATTR_BROWSER_WEB_VITAL_VALUE]).toBeGreaterThan(0);
    expect(byName.cls!.attributes[ATTR_BROWSER_WEB_VITAL_VALUE]).toBeLessThan(1);
  });

  it('sends no vitals, and starts no session, for a page whose session ended before it was hidden', async () => {
    const page = await harness.open(harness.page('/vitals-after-end.html', { body: BODY }));
    const sessionId = await page.evaluate(() => (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId());
    await page.waitForTimeout(300);
    await page.evaluate(() => (window as unknown as { rum: { endSession(): void } }).rum.endSession());
    const [end] = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.SESSION_END);
    const instanceId = end!.resource['dt.rum.instance.id'];
    // Hiding the page makes web-vitals report LCP and CLS; the pagehide flush would carry them.
    harness.server.page('/no-rum.html', '<!doctype html><html><body>no RUM here</body></html>');
    await page.goto(`${harness.server.origin}/no-rum.html`);
    await page.waitForTimeout(500);
    const fromThePage = harness.receiver.spans.filter((span) => span.resource['dt.rum.instance.id'] === instanceId);
    expect(fromThePage.filter((span) => span.attributes['dt.rum.event.type'] === EventType.WEB_VITAL && !inSession(sessionId)(span))).toEqual([]);
    expect(fromThePage.filter((span) => span.attributes['dt.rum.event.type'] === EventType.SESSION_START && !inSession(sessionId)(span))).toEqual([]);
    await page.close();
  });
});
