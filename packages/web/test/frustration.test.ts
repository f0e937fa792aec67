import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_RUM_ACTION_TARGET,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_FRUSTRATION_CLICK_COUNT,
  ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE,
  EventType,
} from '@otel-rum/semconv';
import type { ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { Harness, inSession, jsonRoute, type PageOptions } from './harness.js';

const harness = new Harness();
beforeAll(async () => {
  await harness.start();
  harness.route('/api/items', jsonRoute());
});
afterAll(() => harness.stop());
afterEach(() => harness.closeContexts());

// Absolutely placed so click coordinates are known: #left and #near are 20 px apart (inside the
// rage radius), #far is 300 px away from both.
const BODY = `
<button id="left" style="position:absolute;left:10px;top:10px;width:16px;height:16px">L</button>
<button id="near" style="position:absolute;left:30px;top:10px;width:16px;height:16px">N</button>
<button id="far" style="position:absolute;left:330px;top:10px;width:60px;height:30px">Far</button>
<button id="mutate" style="position:absolute;left:10px;top:60px" onclick="this.textContent += '!'">Mutate</button>
<button id="fetch" style="position:absolute;left:120px;top:60px" onclick="fetch('/api/items')">Fetch</button>
<button id="throws" style="position:absolute;left:220px;top:60px" onclick="checkout()">Pay</button>
<button id="save" style="position:absolute;left:320px;top:60px" onclick="fetch('/api/items'); checkout()">Save</button>
<a id="spa-link" href="/cart" style="position:absolute;left:420px;top:60px" onclick="event.preventDefault(); history.pushState({}, '', '/cart')">Cart</a>
<button id="popup" style="position:absolute;left:500px;top:60px" onclick="window.open('about:blank')">Help</button>
<p id="text" style="position:absolute;left:10px;top:120px;width:500px;margin:0">Plain words nobody can click on</p>
<input id="name" style="position:absolute;left:10px;top:160px">
<div class="carousel" style="position:absolute;left:10px;top:200px"><button id="next">Next</button></div>
<button id="stepper" data-rum-ignore-rage style="position:absolute;left:120px;top:200px">+</button>
<script>function checkout() { throw new TypeError('card declined'); }</script>`;

let pageCounter = 0;

/** Opens a fresh page (new profile, so a session of its own) and returns it with its session id. */
async function openPage(options: PageOptions = {}, script = ''): Promise<{ page: Page; sessionId: string }> {
  const page = await harness.open(harness.page(`/frustration-${++pageCounter}.html`, { body: BODY, options, script }));
  const sessionId = await page.evaluate(() => (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId());
  return { page, sessionId };
}

/** Waits `ms` inside the page (after every SDK timer already scheduled), then shuts RUM down: all it recorded has been received. */
async function settleAndShutdown(page: Page, ms = 1200): Promise<void> {
  await page.evaluate(async (wait) => {
    await new Promise((resolve) => setTimeout(resolve, wait));
    await (window as unknown as { rum: { shutdown(): Promise<void> } }).rum.shutdown();
  }, ms);
}

const ofType = (sessionId: string, eventType: string): ReceivedSpan[] =>
  harness.receiver.spans.filter((span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === eventType);

async function clickTimes(page: Page, selector: string, times: number): Promise<void> {
  for (let click = 0; click < times; click++) await page.click(selector);
}

describe('rage clicks', () => {
  it('2 clicks are no rage click', async () => {
    const { page, sessionId } = await openPage();
    await clickTimes(page, '#far', 2);
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toEqual([]);
  });

  it('3 clicks within 1 s are one rage click, sent once the burst pauses', async () => {
    const { page, sessionId } = await openPage();
    await clickTimes(page, '#far', 3);
    const [rage] = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.RAGE_CLICK);
    expect(rage!.attributes[ATTR_RUM_FRUSTRATION_CLICK_COUNT]).toBe(3);
    expect(rage!.attributes[ATTR_RUM_ACTION_TARGET]).toContain('#far');
    expect(rage!.durationMs).toBe(0);
    await settleAndShutdown(page, 0);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toHaveLength(1);
  });

  it('3 clicks spread over 2.5 s are no rage click', async () => {
    const { page, sessionId } = await openPage();
    await page.click('#far');
    await page.waitForTimeout(1250);
    await page.click('#far');
    await page.waitForTimeout(1250);
    await page.click('#far');
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toEqual([]);
  });

  it('6 clicks in one burst are still one rage click, counting 6', async () => {
    const { page, sessionId } = await openPage();
    await clickTimes(page, '#far', 6);
    await settleAndShutdown(page);
    const rages = ofType(sessionId, EventType.RAGE_CLICK);
    expect(rages).toHaveLength(1);
    expect(rages[0]!.attributes[ATTR_RUM_FRUSTRATION_CLICK_COUNT]).toBe(6);
  });

  it('3 clicks far apart (> 32 px) are no rage click; within 32 px on other elements they are', async () => {
    const { page, sessionId } = await openPage();
    await page.click('#left');
    await page.click('#far');
    await page.click('#left');
    await page.waitForTimeout(1100);
    await page.click('#left');
    await page.click('#near');
    await page.click('#left');
    await settleAndShutdown(page);
    const rages = ofType(sessionId, EventType.RAGE_CLICK);
    expect(rages).toHaveLength(1);
    expect(rages[0]!.attributes[ATTR_RUM_FRUSTRATION_CLICK_COUNT]).toBe(3);
    expect(rages[0]!.attributes[ATTR_RUM_ACTION_TARGET]).toContain('#left');
  });

  it('the rage-click radius is an option', async () => {
    const { page, sessionId } = await openPage({ frustration: { rageClickRadiusPx: 5 } });
    await page.click('#left');
    await page.click('#near');
    await page.click('#left');
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toEqual([]);
  });

  it('a triple click that selects text is no rage click', async () => {
    const { page, sessionId } = await openPage();
    await page.click('#text', { clickCount: 3 });
    expect(await page.evaluate(() => getSelection()?.toString())).toContain('Plain words');
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toEqual([]);
  });

  it('ignores elements matching the ignore selectors or carrying data-rum-ignore-rage', async () => {
    const { page, sessionId } = await openPage({ frustration: { rageClickIgnoreSelectors: ['.carousel'] } });
    await clickTimes(page, '#next', 4);
    await page.waitForTimeout(1100);
    await clickTimes(page, '#stepper', 4);
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toEqual([]);
  });

  it('can be disabled', async () => {
    const { page, sessionId } = await openPage({ frustration: { rageClicks: false } });
    await clickTimes(page, '#far', 4);
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toEqual([]);
  });

  it('calls the onRageClick callback with each rage click; a callback that throws breaks nothing', async () => {
    // A function cannot travel in the harness's JSON options: this page initializes RUM itself.
    harness.server.page('/frustration-callback.html', `<!doctype html><html><head><script src="/otel-rum.iife.js"></script><script>
      window.rageClicks = [];
      window.rum = OtelRum.initRum({
        applicationId: 'web-signals-test', serviceName: 'web-signals-tests', endpoint: ${JSON.stringify(harness.receiver.tracesUrl)},
        transport: { batchDelayMs: 100 },
        frustration: { onRageClick(rage) { window.rageClicks.push({ count: rage.clickCount, target: rage.target, id: rage.element.id }); throw new Error('app bug'); } },
      });
    </script></head><body>${BODY}</body></html>`);
    const page = await harness.open(`${harness.server.origin}/frustration-callback.html`);
    const sessionId = await page.evaluate(() => (window as unknown as { rum: { getSessionId(): string } }).rum.getSessionId());
    await clickTimes(page, '#far', 3);
    await page.waitForTimeout(1100);
    await clickTimes(page, '#left', 4);
    await settleAndShutdown(page);
    const calls = await page.evaluate(() => (window as unknown as { rageClicks: unknown[] }).rageClicks);
    const rages = ofType(sessionId, EventType.RAGE_CLICK).sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano));
    expect(rages.map((rage) => rage.attributes[ATTR_RUM_FRUSTRATION_CLICK_COUNT])).toEqual([3, 4]);
    expect(calls).toEqual([
      { count: 3, target: rages[0]!.attributes[ATTR_RUM_ACTION_TARGET], id: 'far' },
      { count: 4, target: rages[1]!.attributes[ATTR_RUM_ACTION_TARGET], id: 'left' },
    ]);
  });

  it('a burst cut short by leaving the page is still sent', async () => {
    const { page, sessionId } = await openPage();
    await clickTimes(page, '#far', 3);
    await page.goto(harness.page('/frustration-elsewhere.html'));
    const [rage] = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.RAGE_CLICK);
    expect(rage!.attributes[ATTR_RUM_FRUSTRATION_CLICK_COUNT]).toBe(3);
  });
});

describe('dead clicks', () => {
  it('a click on plain text after which nothing happens is dead, and not interactive', async () => {
    const { page, sessionId } = await openPage();
    await page.click('#text');
    const [dead] = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.DEAD_CLICK);
    expect(dead!.attributes[ATTR_RUM_ACTION_TARGET]).toContain('#text');
    expect(dead!.attributes[ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE]).toBe(false);
  });

  it('a button that does nothing is a dead click on an interactive element', async () => {
    const { page, sessionId } = await openPage();
    await page.click('#far');
    const [dead] = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.DEAD_CLICK);
    expect(dead!.attributes[ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE]).toBe(true);
  });

  it('a click that mutates the DOM, starts a request, navigates, opens a window or lands on an input is not dead', async () => {
    const { page, sessionId } = await openPage();
    for (const selector of ['#mutate', '#fetch', '#spa-link', '#popup']) {
      await page.click(selector);
      await page.waitForTimeout(1100);
    }
    await page.click('#name');
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.DEAD_CLICK)).toEqual([]);
    expect(await page.textContent('#mutate')).toBe('Mutate!');
  });

  it('clicking a silent button again and again is one dead click (and a rage click), not one each', async () => {
    const { page, sessionId } = await openPage();
    await clickTimes(page, '#far', 4);
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.DEAD_CLICK)).toHaveLength(1);
    expect(ofType(sessionId, EventType.RAGE_CLICK)).toHaveLength(1);
  });

  it('can be disabled', async () => {
    const { page, sessionId } = await openPage({ frustration: { deadClicks: false } });
    await page.click('#text');
    await settleAndShutdown(page);
    expect(ofType(sessionId, EventType.DEAD_CLICK)).toEqual([]);
  });
});

describe('error clicks', () => {
  const isErrorClick = (sessionId: string) => (span: ReceivedSpan) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.ERROR_CLICK;
  const isJavaScriptError = (sessionId: string) => (span: ReceivedSpan) => inSession(sessionId)(span) && span.attributes[ATTR_RUM_ERROR_TYPE] === 'javascript';

  it('a click followed by a JavaScript error is an error click linked to the error', async () => {
    const { page, sessionId } = await openPage();
    // Once the load action is over, no user action is open.
    await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.action.type'] === 'load');
    await page.click('#throws');
    const [errorClick] = await harness.receiver.waitFor(isErrorClick(sessionId));
    const [error] = await harness.receiver.waitFor(isJavaScriptError(sessionId));
    expect(errorClick!.attributes[ATTR_RUM_ACTION_TARGET]).toContain('#throws');
    expect(errorClick!.links.map((link) => link.spanId)).toEqual([error!.spanId]);
    // A click that started no request is no user action and is never sent: nothing may point at it.
    expect(error!.parentSpanId).toBe('');
    expect(errorClick!.parentSpanId).toBe('');
  });

  it('links the error click to the user action the click started', async () => {
    const { page, sessionId } = await openPage();
    await page.click('#save');
    const [errorClick] = await harness.receiver.waitFor(isErrorClick(sessionId));
    const [error] = await harness.receiver.waitFor(isJavaScriptError(sessionId));
    const [action] = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.action.type'] === 'xhr');
    expect(errorClick!.links.map((link) => link.spanId)).toEqual([action!.spanId, error!.spanId]);
    expect(error!.parentSpanId).toBe(action!.spanId);
    expect(action!.status.code).toBe(2);
  });

  it('a click long before an error is no error click', async () => {
    const { page, sessionId } = await openPage();
    await page.click('#text');
    await page.waitForTimeout(1100);
    await page.evaluate(() => setTimeout(() => (window as unknown as { checkout(): void }).checkout()));
    await harness.receiver.waitFor(isJavaScriptError(sessionId));
    await settleAndShutdown(page, 0);
    expect(ofType(sessionId, EventType.ERROR_CLICK)).toEqual([]);
  });
});

describe('frustration options', () => {
  it('bad options throw a clear error before anything is installed', async () => {
    const { page } = await openPage();
    const messages = await page.evaluate(async (endpoint) => {
      const win = window as unknown as { rum: { shutdown(): Promise<void> }; OtelRum: { initRum(options: unknown): unknown } };
      await win.rum.shutdown();
      const base = { applicationId: 'web-signals-test', serviceName: 'web-signals-tests', endpoint };
      const attempts = [
        { rageClickRadiusPx: -1 },
        { rageClickMinClicks: 1 },
        { rageClickRadius: 10 },
        { rageClickIgnoreSelectors: ['.ok', 'div[['] },
        { onRageClick: 'alert(1)' },
        { deadClicks: 'no' },
      ];
      return attempts.map((frustration) => {
        try {
          win.OtelRum.initRum({ ...base, frustration });
          return 'accepted';
        } catch (error) {
          return (error as Error).message;
        }
      }).concat(String(window.open).includes('[native code]') ? 'window.open untouched' : 'window.open patched');
    }, harness.receiver.tracesUrl);
    expect(messages).toEqual([
      'otel-rum: invalid initRum options: "frustration.rageClickRadiusPx" must be a positive number, got -1',
      'otel-rum: invalid initRum options: "frustration.rageClickMinClicks" must be at least 2, got 1',
      expect.stringMatching(/^otel-rum: invalid initRum options: "frustration.rageClickRadius" is not an option; known: rageClicks, .*rageClickRadiusPx/),
      'otel-rum: invalid initRum options: "frustration.rageClickIgnoreSelectors" has an invalid CSS selector: div[[',
      'otel-rum: invalid initRum options: "frustration.onRageClick" must be a function',
      'otel-rum: invalid initRum options: "frustration.deadClicks" must be a boolean',
      'window.open untouched',
    ]);
  });
});
