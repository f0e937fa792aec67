import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_RUM_ACTION_NAME, ATTR_RUM_SESSION_END_REASON, ATTR_SESSION_PREVIOUS_ID, isValidSessionId } from '@otel-rum/semconv';
import type { ReceivedSpan } from '../../../test/support/otlp-receiver.js';
import { Harness, inSession, type PageOptions } from './harness.js';

const harness = new Harness();
beforeAll(() => harness.start());
afterAll(() => harness.stop());
afterEach(() => harness.closeContexts());

interface RumWindow {
  rum: { getSessionId(): string; endSession(): void; enterAction(name: string): { end(): void } };
}

const sessionIdOf = (page: Page): Promise<string> => page.evaluate(() => (window as unknown as RumWindow).rum.getSessionId());
const customAction = (page: Page, name: string): Promise<void> =>
  page.evaluate((actionName) => (window as unknown as RumWindow).rum.enterAction(actionName).end(), name);

let pageCount = 0;
/** A fresh page path per call, so tests never see each other's pages. */
const sessionPage = (options: PageOptions = {}): string => harness.page(`/session-${++pageCount}.html`, { options: { session: options } });

async function sessionEnd(sessionId: string): Promise<ReceivedSpan> {
  const [end] = await harness.receiver.waitFor((span) => span.name === 'session_end' && inSession(sessionId)(span));
  return end!;
}

async function sessionStart(sessionId: string): Promise<ReceivedSpan> {
  const [start] = await harness.receiver.waitFor((span) => span.name === 'session_start' && inSession(sessionId)(span));
  return start!;
}

describe('sessions', () => {
  it('tabs of one browser share a session, which survives reloads', async () => {
    const context = await harness.newContext();
    const url = sessionPage();
    const first = await harness.open(url, context);
    const second = await harness.open(url, context);
    const sessionId = await sessionIdOf(first);
    expect(isValidSessionId(sessionId)).toBe(true);
    expect(await sessionIdOf(second)).toBe(sessionId);
    await second.reload();
    expect(await sessionIdOf(second)).toBe(sessionId);
    const loads = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === `loading of page ${new URL(url).pathname}` && inSession(sessionId)(span), { count: 3 });
    expect(new Set(loads.map((span) => span.resource['dt.rum.instance.id'])).size).toBe(3);
    const starts = harness.receiver.spans.filter((span) => span.name === 'session_start' && inSession(sessionId)(span));
    expect(starts).toHaveLength(1);
    expect(starts[0]!.attributes[ATTR_SESSION_PREVIOUS_ID]).toBeUndefined();
  });

  it('ends after the inactivity timeout (reason timeout); the next action starts a new session', async () => {
    const page = await harness.open(sessionPage({ inactivityTimeoutMs: 1500 }));
    const first = await sessionIdOf(page);
    expect((await sessionEnd(first)).attributes[ATTR_RUM_SESSION_END_REASON]).toBe('timeout');
    await customAction(page, 'after the timeout');
    const second = await sessionIdOf(page);
    expect(second).not.toBe(first);
    expect((await sessionStart(second)).attributes[ATTR_SESSION_PREVIOUS_ID]).toBe(first);
    const [action] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'after the timeout');
    expect(action!.attributes['dt.rum.session.id']).toBe(second);
  });

  it('ends at the duration limit (reason duration_limit), with no activity needed', async () => {
    const page = await harness.open(sessionPage({ inactivityTimeoutMs: 60_000, maxDurationMs: 2000 }));
    const first = await sessionIdOf(page);
    expect((await sessionEnd(first)).attributes[ATTR_RUM_SESSION_END_REASON]).toBe('duration_limit');
    const second = await sessionIdOf(page);
    expect((await sessionStart(second)).attributes[ATTR_SESSION_PREVIOUS_ID]).toBe(first);
  });

  it('the action after maxActions starts a new session (reason action_limit)', async () => {
    const page = await harness.open(sessionPage({ maxActions: 3 }));
    const first = await sessionIdOf(page);
    // The load action is the first.
    await customAction(page, 'limit second');
    await customAction(page, 'limit third');
    expect(await sessionIdOf(page)).toBe(first);
    await customAction(page, 'limit fourth');
    const second = await sessionIdOf(page);
    expect(second).not.toBe(first);
    expect((await sessionEnd(first)).attributes[ATTR_RUM_SESSION_END_REASON]).toBe('action_limit');
    expect((await sessionStart(second)).attributes[ATTR_SESSION_PREVIOUS_ID]).toBe(first);
    const [third] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'limit third');
    const [fourth] = await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'limit fourth');
    expect(third!.attributes['dt.rum.session.id']).toBe(first);
    expect(fourth!.attributes['dt.rum.session.id']).toBe(second);
  });

  it('endSession() ends it (reason api), in every tab', async () => {
    const context = await harness.newContext();
    const url = sessionPage();
    const page = await harness.open(url, context);
    const other = await harness.open(url, context);
    const first = await sessionIdOf(page);
    await page.evaluate(() => (window as unknown as RumWindow).rum.endSession());
    expect((await sessionEnd(first)).attributes[ATTR_RUM_SESSION_END_REASON]).toBe('api');
    const second = await sessionIdOf(page);
    expect(second).not.toBe(first);
    expect(await sessionIdOf(other)).toBe(second);
    expect((await sessionStart(second)).attributes[ATTR_SESSION_PREVIOUS_ID]).toBe(first);
    await harness.receiver.waitFor(inSession(second));
    expect(harness.receiver.spans.filter((span) => span.name === 'session_end' && inSession(first)(span))).toHaveLength(1);
  });

  it('a closed browser ends it (reason browser_closed): session cookies die, storage stays', async () => {
    const context = await harness.newContext();
    const url = sessionPage();
    const first = await sessionIdOf(await harness.open(url, context));
    const state = await context.storageState();
    await context.close();
    // What a browser restart keeps: persistent storage, not session cookies (expires -1).
    const restarted: BrowserContext = await harness.newContext({ storageState: { ...state, cookies: state.cookies.filter((cookie) => cookie.expires > 0) } });
    const second = await sessionIdOf(await harness.open(url, restarted));
    expect(second).not.toBe(first);
    expect((await sessionEnd(first)).attributes[ATTR_RUM_SESSION_END_REASON]).toBe('browser_closed');
    expect((await sessionStart(second)).attributes[ATTR_SESSION_PREVIOUS_ID]).toBe(first);
    // A browser profile that never saw a session starts one with no predecessor.
    const fresh = await sessionIdOf(await harness.open(url));
    expect([first, second]).not.toContain(fresh);
    expect((await sessionStart(fresh)).attributes[ATTR_SESSION_PREVIOUS_ID]).toBeUndefined();
  });
});

describe('sampling', () => {
  it('sampleRate 0 sends nothing, for the whole session', async () => {
    const unsampled = await harness.open(harness.page('/unsampled.html', { options: { applicationId: 'unsampled-app', session: { sampleRate: 0 } } }));
    await customAction(unsampled, 'never sent');
    await unsampled.evaluate(() => fetch('/unsampled.html'));
    await unsampled.goto(`${harness.server.origin}/unsampled.html`);
    await customAction(unsampled, 'never sent either');
    await unsampled.close();
    // A sampled page of the same run, opened afterwards, shows the receiver was listening throughout.
    const sampled = await harness.open(harness.page('/sampled.html', { options: { session: { sampleRate: 1 } } }));
    await customAction(sampled, 'sent');
    await harness.receiver.waitFor((span) => span.attributes[ATTR_RUM_ACTION_NAME] === 'sent');
    expect(harness.receiver.spans.filter((span) => span.resource['dt.rum.application.id'] === 'unsampled-app')).toEqual([]);
  });
});
