import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_RUM_USER_TAG, ATTR_USER_ID, EventType, sessionPropertyAttribute } from '@otel-rum/semconv';
import { Harness, inSession } from './harness.js';

const harness = new Harness();
beforeAll(() => harness.start());
afterAll(() => harness.stop());
afterEach(() => harness.closeContexts());

type RumWindow = Window & { rum: { getSessionId(): string; identifyUser(tag: unknown): void; setSessionProperty(name: unknown, value: unknown): void } };

async function openPage(path: string): Promise<{ page: Page; sessionId: string }> {
  const page = await harness.open(harness.page(path));
  return { page, sessionId: await page.evaluate(() => (window as unknown as RumWindow).rum.getSessionId()) };
}

describe('user tags and session properties', () => {
  it('identifyUser() records a user_tag span', async () => {
    const { page, sessionId } = await openPage('/user-tag.html');
    await page.evaluate(() => (window as unknown as RumWindow).rum.identifyUser('alice@example.com'));
    const [tag] = await harness.receiver.waitFor((span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.USER_TAG);
    expect(tag!.attributes[ATTR_RUM_USER_TAG]).toBe('alice@example.com');
    expect(tag!.attributes[ATTR_USER_ID]).toBe('alice@example.com');
  });

  it('setSessionProperty() records session_property spans with strings, numbers and booleans', async () => {
    const { page, sessionId } = await openPage('/session-properties.html');
    await page.evaluate(() => {
      const { rum } = window as unknown as RumWindow;
      rum.setSessionProperty('plan', 'gold');
      rum.setSessionProperty('cart_items', 3);
      rum.setSessionProperty('returning', true);
    });
    const spans = await harness.receiver.waitFor(
      (span) => inSession(sessionId)(span) && span.attributes['dt.rum.event.type'] === EventType.SESSION_PROPERTY,
      { count: 3 },
    );
    const properties = Object.assign({}, ...spans.map((span) => span.attributes));
    expect(properties).toMatchObject({ [sessionPropertyAttribute('plan')]: 'gold', [sessionPropertyAttribute('cart_items')]: 3, [sessionPropertyAttribute('returning')]: true });
  });

  it('rejects invalid names, values and tags with a clear error, and loses nothing else', async () => {
    const { page, sessionId } = await openPage('/session-properties-invalid.html');
    const messages = await page.evaluate(() => {
      const { rum } = window as unknown as RumWindow;
      const attempts: (() => void)[] = [
        () => rum.setSessionProperty('Plan Name', 'gold'),
        () => rum.setSessionProperty('plan', { tier: 'gold' }),
        () => rum.setSessionProperty('plan', 'x'.repeat(1001)),
        () => rum.setSessionProperty('score', Number.NaN),
        () => rum.identifyUser(''),
        () => rum.identifyUser(42),
      ];
      const errors = attempts.map((attempt) => {
        try {
          attempt();
          return 'accepted';
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      });
      rum.setSessionProperty('plan', 'silver');
      return errors;
    });
    expect(messages[0]).toMatch(/^TypeError: otel-rum: setSessionProperty: invalid name "Plan Name"; use lowercase letters/);
    expect(messages[1]).toMatch(/^TypeError: otel-rum: setSessionProperty: invalid value for "plan"/);
    expect(messages[2]).toMatch(/at most 1000 characters/);
    expect(messages[3]).toMatch(/invalid value for "score"/);
    expect(messages[4]).toMatch(/^TypeError: otel-rum: identifyUser needs a non-empty string/);
    expect(messages[5]).toMatch(/got number/);
    await page.evaluate(() => (window as unknown as { rum: { shutdown(): Promise<void> } }).rum.shutdown());
    const recorded = harness.receiver.spans.filter((span) => inSession(sessionId)(span) && [EventType.SESSION_PROPERTY, EventType.USER_TAG].includes(span.attributes['dt.rum.event.type'] as never));
    expect(recorded.map((span) => span.attributes[sessionPropertyAttribute('plan')])).toEqual(['silver']);
  });
});
