import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

const harness = new Harness();
beforeAll(() => harness.start());
afterAll(() => harness.stop());

const valid = (endpoint: string): Record<string, unknown> => ({ applicationId: 'app', serviceName: 'shop', endpoint });

// Each case: what is wrong, and the message must name the option.
const INVALID: [string, (endpoint: string) => unknown, RegExp][] = [
  ['no options at all', () => undefined, /options object/],
  ['a missing applicationId', (endpoint) => ({ serviceName: 'shop', endpoint }), /"applicationId"/],
  ['an empty serviceName', (endpoint) => ({ ...valid(endpoint), serviceName: ' ' }), /"serviceName"/],
  ['an endpoint that is not http(s)', (endpoint) => ({ ...valid(endpoint), endpoint: 'ftp://example.com/v1/traces' }), /"endpoint"/],
  ['a sample rate above 1', (endpoint) => ({ ...valid(endpoint), session: { sampleRate: 2 } }), /"session.sampleRate"/],
  ['a negative inactivity timeout', (endpoint) => ({ ...valid(endpoint), session: { inactivityTimeoutMs: -5 } }), /"session.inactivityTimeoutMs"/],
  ['a fractional action limit', (endpoint) => ({ ...valid(endpoint), session: { maxActions: 1.5 } }), /"session.maxActions"/],
  ['a header that is not a string', (endpoint) => ({ ...valid(endpoint), headers: { 'x-api-key': 42 } }), /header "x-api-key"/],
  ['allowed query parameters that are not a list', (endpoint) => ({ ...valid(endpoint), privacy: { allowedQueryParams: 'page' } }), /"privacy.allowedQueryParams"/],
  ['trace header URLs that are not strings or patterns', (endpoint) => ({ ...valid(endpoint), propagateTraceHeaderCorsUrls: [42] }), /"propagateTraceHeaderCorsUrls"/],
  ['a zero queue size', (endpoint) => ({ ...valid(endpoint), transport: { maxQueueSize: 0 } }), /"transport.maxQueueSize"/],
];

describe('initRum options', () => {
  it.each(INVALID)('rejects %s with a clear error and leaves the page untouched', async (_label, build, message) => {
    harness.server.page('/bare.html', '<!doctype html><html><head><script src="/otel-rum.iife.js"></script></head><body></body></html>');
    const page = await harness.open(`${harness.server.origin}/bare.html`);
    const outcome = await page.evaluate(
      ({ optionsSource }) => {
        const before = { fetch: window.fetch, open: XMLHttpRequest.prototype.open, send: XMLHttpRequest.prototype.send, pushState: history.pushState, setTimeout: window.setTimeout };
        let error = '';
        try {
          (window as unknown as { OtelRum: { initRum(options: unknown): unknown } }).OtelRum.initRum(JSON.parse(optionsSource) as unknown);
        } catch (thrown) {
          error = String(thrown);
        }
        const after = { fetch: window.fetch, open: XMLHttpRequest.prototype.open, send: XMLHttpRequest.prototype.send, pushState: history.pushState, setTimeout: window.setTimeout };
        const untouched = (Object.keys(before) as (keyof typeof before)[]).every((key) => before[key] === after[key]);
        return { error, untouched, storage: localStorage.length, cookie: document.cookie };
      },
      { optionsSource: JSON.stringify(build(harness.receiver.tracesUrl) ?? null) },
    );
    expect(outcome.error).toMatch(/otel-rum: invalid initRum options/);
    expect(outcome.error).toMatch(message);
    expect(outcome.untouched).toBe(true);
    expect(outcome.storage).toBe(0);
    expect(outcome.cookie).toBe('');
    await page.context().close();
  });

  it('valid options install (the same check, passing)', async () => {
    const page = await harness.open(harness.page('/valid.html'));
    const patched = await page.evaluate(() => String(window.fetch).includes('[native code]') === false);
    expect(patched).toBe(true);
    expect(await page.evaluate(() => document.cookie)).toMatch(/otel_rum_session=[0-9a-f]{32}/);
    await page.context().close();
  });
});
