import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_RUM_ACTION_NAME, ATTR_RUM_ACTION_TARGET, ATTR_RUM_ACTION_TYPE } from '@otel-rum/semconv';
import type { ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { MAX_ACTION_MS } from '../src/actions/action-tracker.js';
import { Harness, jsonRoute } from './harness.js';

const ACTIONS_BODY = readFileSync(new URL('./fixtures/actions.html', import.meta.url), 'utf8');
const harness = new Harness();
let page: Page;

beforeAll(async () => {
  await harness.start();
  // Slow enough that a handler's later steps happen well after the interaction window.
  harness.route('/api/first', jsonRoute(150)).route('/api/second', jsonRoute(150)).route('/api/third', jsonRoute(50));
  for (const label of ['async', 'promise', 'timer', 'save', 'named', 'form', 'cart', 'custom', 'route', 'wishlist']) harness.route(`/api/${label}`, jsonRoute(60));
  page = await harness.open(harness.page('/actions.html', { body: ACTIONS_BODY }));
});
afterAll(() => harness.stop());

const actionNamed = async (name: string): Promise<ReceivedSpan> => {
  const [action] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === name);
  return action!;
};

const requestTo = (path: string): ReceivedSpan | undefined =>
  harness.receiver.spans.find((span) => span.attributes['dt.rum.event.type'] === 'request' && String(span.attributes['url.full']).endsWith(path));

/** Waits for the request spans to `paths` and checks each one is a child of `action`, inside its duration. */
async function expectChildren(action: ReceivedSpan, paths: string[]): Promise<void> {
  await harness.receiver.waitFor((span) => paths.some((path) => String(span.attributes['url.full']).endsWith(path)), { count: paths.length });
  for (const path of paths) {
    const request = requestTo(path)!;
    expect(request.parentSpanId, `${path} is a child of ${action.name}`).toBe(action.spanId);
    expect(request.traceId).toBe(action.traceId);
    expect(request.endTimeUnixNano <= action.endTimeUnixNano, `${path} ends inside ${action.name}`).toBe(true);
  }
}

describe('xhr actions: requests an interaction triggers become its children (no zone.js)', () => {
  it('an async handler whose fetch comes after awaits', async () => {
    await page.click('#async-await');
    const action = await actionNamed('click on "Add to cart"');
    expect(action.attributes[ATTR_RUM_ACTION_TYPE]).toBe('xhr');
    expect(action.attributes[ATTR_RUM_ACTION_TARGET]).toBe('button#async-await');
    expect(action.parentSpanId).toBe('');
    await expectChildren(action, ['/api/async']);
  });

  it('a promise chain', async () => {
    await page.click('#promise-chain');
    await expectChildren(await actionNamed('click on "Checkout"'), ['/api/promise']);
  });

  it('a request scheduled with setTimeout', async () => {
    await page.click('#timer');
    await expectChildren(await actionNamed('click on "Remind me later"'), ['/api/timer']);
  });

  it('an action whose first request comes late is still named, dated and marked as at the interaction', async () => {
    const clickedAt = BigInt(Math.round(await page.evaluate(() => performance.timeOrigin + performance.now()))) * 1_000_000n;
    await page.click('#relabel');
    // Named before the handler relabelled the button, starting at the click, failed by the error before the request.
    const action = await actionNamed('click on "Save"');
    expect(action.attributes[ATTR_RUM_ACTION_TARGET]).toBe('button#relabel');
    expect(action.status.code).toBe(SpanStatusCode.ERROR);
    await expectChildren(action, ['/api/save']);
    const request = requestTo('/api/save')!;
    expect(action.startTimeUnixNano >= clickedAt).toBe(true);
    expect(request.startTimeUnixNano - action.startTimeUnixNano >= 350_000_000n, 'the action starts at the click, 400 ms before its request').toBe(true);
  });

  it('chained requests (fetch, XHR, fetch), each started when the previous one answered', async () => {
    await page.click('#chained');
    await expectChildren(await actionNamed('click on "Load more"'), ['/api/first', '/api/second', '/api/third']);
  });

  it('an action kept open by a request that never answers ends at the 30 s cap', async () => {
    const hanging: ServerResponse[] = [];
    harness.route('/api/never', (_req, res) => void hanging.push(res));
    const capped = await harness.open(harness.page('/capped.html', { body: `<button id="never" onclick="fetch('/api/never')">Wait forever</button>` }));
    await capped.click('#never');
    const [action] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'click on "Wait forever"', { timeoutMs: MAX_ACTION_MS + 15_000 });
    const durationMs = Number(action!.endTimeUnixNano - action!.startTimeUnixNano) / 1e6;
    // Without the cap it would never end. Chromium coarsens page clocks to 0.1 ms, so the span can
    // read a hair under 30 s; the upper slack is for a timer late on a loaded CI machine.
    expect(durationMs).toBeGreaterThan(MAX_ACTION_MS - 1);
    expect(durationMs).toBeLessThan(MAX_ACTION_MS + 5_000);
    for (const res of hanging) res.destroy();
    await capped.close();
  }, MAX_ACTION_MS + 25_000);

  it('a click that triggers no request yields no action', async () => {
    await page.click('#nothing');
    // An action that ends later is exported after the candidate would have been.
    await page.click('#named');
    await actionNamed('Buy now button');
    expect(harness.receiver.spans.filter((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'click on "Does nothing"')).toEqual([]);
  });

  it('data-rum-name on an ancestor names the action', async () => {
    await page.click('#named span');
    const actions = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'Buy now button', { count: 2 });
    expect(actions[1]!.attributes[ATTR_RUM_ACTION_TARGET]).toBe('button#named');
  });

  it('names an icon-only link by its image', async () => {
    await page.click('#icon-link');
    const action = await actionNamed('click on "Wishlist"');
    expect(action.attributes[ATTR_RUM_ACTION_TARGET]).toBe('a#icon-link');
    await expectChildren(action, ['/api/wishlist']);
  });

  it('names fields by their label and never records what was typed', async () => {
    await page.fill('#email', 'secret.person@example.com');
    await page.press('#email', 'Enter');
    const action = await actionNamed('keypress on "E-mail"');
    await expectChildren(action, ['/api/form']);
    await page.click('#email');
    await page.click('#named');
    await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'Buy now button', { count: 3 });
    const everything = JSON.stringify(harness.receiver.requests.map((request) => request.body.toString('utf8')));
    expect(everything).not.toContain('secret.person');
  });
});

describe('route changes', () => {
  it('history.pushState opens a route_change action with its requests', async () => {
    await page.click('#spa-link');
    const action = await actionNamed('route change to /spa/cart');
    expect(action.attributes[ATTR_RUM_ACTION_TYPE]).toBe('route_change');
    await expectChildren(action, ['/api/cart']);
    expect(String(action.attributes['url.full'])).toMatch(/\/spa\/cart$/);
  });

  it('back/forward (popstate) opens a route_change action', async () => {
    await page.evaluate(() => {
      history.pushState({}, '', '/spa/orders');
      history.back();
    });
    await actionNamed('route change to /spa/orders');
    // The pushState test went to /spa/cart first; going back there is the second such route change.
    const [, back] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'route change to /spa/cart', { count: 2 });
    expect(back!.attributes[ATTR_RUM_ACTION_TYPE]).toBe('route_change');
  });

  it('a hash change opens a route_change action', async () => {
    await page.evaluate(() => {
      location.hash = '#/orders';
      void fetch('/api/route');
    });
    const action = await actionNamed('route change to /spa/cart#/orders');
    expect(action.attributes[ATTR_RUM_ACTION_TYPE]).toBe('route_change');
    await expectChildren(action, ['/api/route']);
  });
});

describe('custom actions', () => {
  it('enterAction opens an action that ends with end(), its requests as children', async () => {
    await page.evaluate(async () => {
      const action = (window as unknown as { rum: { enterAction(name: string): { end(): void } } }).rum.enterAction('checkout flow');
      await fetch('/api/custom');
      action.end();
    });
    const action = await actionNamed('checkout flow');
    expect(action.attributes[ATTR_RUM_ACTION_TYPE]).toBe('custom');
    await expectChildren(action, ['/api/custom']);
  });
});

describe('mask-all-text', () => {
  it('names actions by selector, never by page text', async () => {
    const masked = await harness.open(harness.page('/masked.html', { body: ACTIONS_BODY, options: { privacy: { maskAllText: true } } }));
    await masked.click('#async-await');
    const [action] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'click on button#async-await');
    expect(action!.attributes[ATTR_RUM_ACTION_TYPE]).toBe('xhr');
    await masked.close();
  });
});
