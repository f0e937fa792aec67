import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_EVENT_TYPE,
  EventType,
  SPAN_EVENT_EXCEPTION,
} from '@otel-rum/semconv';
import type { ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { Harness, inSession, jsonRoute } from './harness.js';

const harness = new Harness();
beforeAll(async () => {
  await harness.start();
  harness.route('/api/broken', jsonRoute(0, 503));
});
afterAll(() => harness.stop());
afterEach(() => harness.closeContexts());

const SPAN_STATUS_ERROR = 2;
// A port nothing listens on: the request fails without a response.
const UNREACHABLE = 'http://127.0.0.1:9';

type RumWindow = Window & { rum: { getSessionId(): string; shutdown(): Promise<void>; reportError(error: unknown): void; enterAction(name: string): { end(): void } } };

let pageCounter = 0;
async function openPage(head = ''): Promise<{ page: Page; sessionId: string }> {
  const body = '<script>function placeOrder() { throw new TypeError("card declined"); }</script>';
  const page = await harness.open(harness.page(`/errors-${++pageCounter}.html`, { head, body }));
  // The load action is over once its span arrives: errors after that are not inside it.
  const sessionId = await page.evaluate(() => (window as unknown as RumWindow).rum.getSessionId());
  await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.action.type'] === 'load');
  return { page, sessionId };
}

const errorsOf = (sessionId: string): ReceivedSpan[] =>
  harness.receiver.spans.filter((span) => inSession(sessionId)(span) && span.attributes[ATTR_RUM_EVENT_TYPE] === EventType.ERROR);

async function waitForErrors(sessionId: string, count: number): Promise<ReceivedSpan[]> {
  return harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes[ATTR_RUM_EVENT_TYPE] === EventType.ERROR, { count });
}

const exceptionOf = (span: ReceivedSpan) => span.events.find((event) => event.name === SPAN_EVENT_EXCEPTION)?.attributes ?? {};

describe('errors', () => {
  it('records uncaught errors and unhandled rejections as javascript errors with their stack traces', async () => {
    const { page, sessionId } = await openPage();
    await page.evaluate(() => {
      setTimeout(() => (window as unknown as { placeOrder(): void }).placeOrder());
      void Promise.reject(new RangeError('out of stock'));
      void Promise.reject('plain reason');
    });
    const errors = await waitForErrors(sessionId, 3);
    const byMessage = Object.fromEntries(errors.map((span) => [String(exceptionOf(span)[ATTR_EXCEPTION_MESSAGE]), span]));
    const uncaught = byMessage['card declined']!;
    expect(uncaught.attributes[ATTR_RUM_ERROR_TYPE]).toBe('javascript');
    expect(exceptionOf(uncaught)[ATTR_EXCEPTION_TYPE]).toBe('TypeError');
    expect(exceptionOf(uncaught)[ATTR_EXCEPTION_STACKTRACE]).toContain('placeOrder');
    expect(uncaught.status.code).toBe(SPAN_STATUS_ERROR);
    expect(uncaught.durationMs).toBe(0);
    const rejection = byMessage['out of stock']!;
    expect(rejection.attributes[ATTR_RUM_ERROR_TYPE]).toBe('javascript');
    expect(exceptionOf(rejection)[ATTR_EXCEPTION_TYPE]).toBe('RangeError');
    expect(exceptionOf(rejection)[ATTR_EXCEPTION_STACKTRACE]).toContain('RangeError: out of stock');
    expect(exceptionOf(byMessage['plain reason']!)[ATTR_EXCEPTION_TYPE]).toBe('UnhandledRejection');
  });

  it('records failed requests: a status ≥ 400 with its code, and network failures', async () => {
    const { page, sessionId } = await openPage();
    await page.evaluate(async (unreachable) => {
      await fetch('/api/broken');
      await fetch(`${unreachable}/x`).catch(() => undefined);
      await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', '/missing?token=secret');
        xhr.onloadend = resolve;
        xhr.send();
      });
    }, UNREACHABLE);
    const errors = await waitForErrors(sessionId, 3);
    expect(errors.every((span) => span.attributes[ATTR_RUM_ERROR_TYPE] === 'request' && span.status.code === SPAN_STATUS_ERROR)).toBe(true);
    expect(errors.map((span) => span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] ?? null).sort()).toEqual([404, 503, null]);
    const messages = errors.map((span) => String(exceptionOf(span)[ATTR_EXCEPTION_MESSAGE]));
    expect(messages).toContainEqual(expect.stringContaining('/api/broken answered 503'));
    expect(messages).toContainEqual(expect.stringContaining(`${UNREACHABLE}/x failed without a response`));
    expect(messages.join(' ')).not.toContain('secret');
  });

  it('records reportError() as a custom error, Errors and other values alike', async () => {
    const { page, sessionId } = await openPage();
    await page.evaluate(() => {
      const { rum } = window as unknown as RumWindow;
      rum.reportError(new SyntaxError('bad input'));
      rum.reportError({ code: 42 });
    });
    const errors = await waitForErrors(sessionId, 2);
    expect(errors.every((span) => span.attributes[ATTR_RUM_ERROR_TYPE] === 'custom')).toBe(true);
    const exceptions = errors.map(exceptionOf);
    expect(exceptions).toContainEqual(expect.objectContaining({ [ATTR_EXCEPTION_TYPE]: 'SyntaxError', [ATTR_EXCEPTION_MESSAGE]: 'bad input' }));
    expect(exceptions.find((exception) => exception[ATTR_EXCEPTION_TYPE] === 'SyntaxError')?.[ATTR_EXCEPTION_STACKTRACE]).toContain('SyntaxError: bad input');
    expect(exceptions).toContainEqual(expect.objectContaining({ [ATTR_EXCEPTION_TYPE]: 'Error', [ATTR_EXCEPTION_MESSAGE]: '{"code":42}' }));
  });

  it('records CSP violations, without the blocked URL\'s query', async () => {
    const { page, sessionId } = await openPage(`<meta http-equiv="Content-Security-Policy" content="img-src 'self'">`);
    await page.evaluate((unreachable) => {
      const image = new Image();
      image.src = `${unreachable}/pixel.png?user=secret`;
      document.body.append(image);
    }, UNREACHABLE);
    const [violation] = await waitForErrors(sessionId, 1);
    expect(violation!.attributes[ATTR_RUM_ERROR_TYPE]).toBe('csp_violation');
    expect(exceptionOf(violation!)[ATTR_EXCEPTION_TYPE]).toBe('SecurityPolicyViolation');
    expect(exceptionOf(violation!)[ATTR_EXCEPTION_MESSAGE]).toBe(`img-src blocked ${UNREACHABLE}/pixel.png`);
  });

  it('an error inside a user action is its child and makes it ERROR, with the exception recorded on it', async () => {
    const { page, sessionId } = await openPage();
    await page.evaluate(async () => {
      const { rum } = window as unknown as RumWindow;
      const action = rum.enterAction('checkout');
      setTimeout(() => (window as unknown as { placeOrder(): void }).placeOrder());
      await new Promise((resolve) => setTimeout(resolve, 50));
      action.end();
      const clean = rum.enterAction('browse');
      clean.end();
    });
    const [error] = await waitForErrors(sessionId, 1);
    const actions = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.action.type'] === 'custom', { count: 2 });
    const checkout = actions.find((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'checkout')!;
    const browse = actions.find((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'browse')!;
    expect(error!.parentSpanId).toBe(checkout.spanId);
    expect(error!.traceId).toBe(checkout.traceId);
    expect(checkout.status.code).toBe(SPAN_STATUS_ERROR);
    expect(exceptionOf(checkout)[ATTR_EXCEPTION_MESSAGE]).toBe('card declined');
    expect(browse.status.code).not.toBe(SPAN_STATUS_ERROR);
    expect(errorsOf(sessionId)).toHaveLength(1);
  });
});
