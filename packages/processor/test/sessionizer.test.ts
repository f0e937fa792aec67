import {
  ActionType,
  ApdexRating,
  ATTR_RUM_RESOURCE_INITIATOR_TYPE,
  ConversionGoalKind,
  ErrorType,
  EventType,
  SessionEndReason,
  SummaryField,
  UserType,
  UxScore,
  sessionPropertyAttribute,
} from '@otel-rum/semconv';
import { describe, expect, it } from 'vitest';
import { defaultAppSettings, type AppSettings, type EndedSession, type RumSpan } from '../src/model.js';
import { ClientProfiles } from '../src/sessionizer/client-profiles.js';
import { ExpiryHeap } from '../src/sessionizer/expiry-heap.js';
import { continuationId, Sessionizer, type SessionizerSnapshot } from '../src/sessionizer/index.js';
import {
  action,
  APP_ID,
  CLIENT,
  error,
  FakeClock,
  newSessionId,
  request,
  rumSpan,
  seededRandom,
  sessionEnd,
  sessionStart,
  shuffle,
  T0,
  userTag,
} from './sessionizer.fixtures.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const GRACE = 5 * SECOND;

function settings(overrides: Partial<AppSettings> = {}): AppSettings {
  return { ...defaultAppSettings(APP_ID), ...overrides };
}

function setup(appSettings: AppSettings = settings()) {
  const clock = new FakeClock(T0);
  const sessionizer = new Sessionizer({ clock: clock.now, settingsFor: () => appSettings, closeGraceMs: GRACE });
  return { clock, sessionizer };
}

const summaries = (ended: readonly EndedSession[]) => ended.map((session) => session.summary);

describe('sessionizer: end reasons', () => {
  it('ends a session 35 min after its last user action (timeout), not before', () => {
    const { clock, sessionizer } = setup();
    const id = newSessionId();
    sessionizer.ingest([sessionStart(id, T0), action(id, T0 + 1000, 500)]);
    clock.nowMs = T0 + 20 * MINUTE;
    sessionizer.ingest([action(id, T0 + 20 * MINUTE, 1000)]);
    clock.nowMs = T0 + 36 * MINUTE;
    expect(sessionizer.advance()).toEqual([]);
    clock.nowMs = T0 + 20 * MINUTE + 1000 + 35 * MINUTE + GRACE;
    const [ended] = summaries(sessionizer.advance());
    expect(ended?.[SummaryField.END_REASON]).toBe(SessionEndReason.TIMEOUT);
    expect(ended?.[SummaryField.ACTION_COUNT]).toBe(2);
    expect(sessionizer.openSessions).toBe(0);
  });

  it('ends a session at its duration limit however active it is', () => {
    const limits = { inactivityTimeoutMs: 10 * SECOND, maxDurationMs: 30 * SECOND, maxActions: 200 };
    const { clock, sessionizer } = setup(settings({ sessionLimits: limits }));
    const id = newSessionId();
    const ended: EndedSession[] = [];
    for (let at = 0; at <= 40 * SECOND; at += 5 * SECOND) {
      clock.nowMs = T0 + at;
      sessionizer.ingest([action(id, T0 + at, 100)]);
      ended.push(...sessionizer.advance());
    }
    expect(summaries(ended).map((summary) => summary[SummaryField.END_REASON])).toEqual([SessionEndReason.DURATION_LIMIT]);
    // Actions up to 30 s + grace belong to it; later ones are stragglers of a closed session.
    expect(ended[0]?.summary[SummaryField.ACTION_COUNT]).toBe(8);
  });

  it('closes the session at the action after the limit and opens the next one with it', () => {
    const limits = { inactivityTimeoutMs: 10 * SECOND, maxDurationMs: MINUTE, maxActions: 3 };
    const { clock, sessionizer } = setup(settings({ sessionLimits: limits }));
    const id = newSessionId();
    sessionizer.ingest([1, 2, 3, 4, 5].map((n) => action(id, T0 + n * SECOND, 100)));
    const [first] = summaries(sessionizer.advance());
    expect(first?.[SummaryField.END_REASON]).toBe(SessionEndReason.ACTION_LIMIT);
    expect(first?.[SummaryField.SESSION_ID]).toBe(id);
    expect(first?.[SummaryField.ACTION_COUNT]).toBe(3);
    expect(sessionizer.openSessions).toBe(1);
    clock.nowMs = T0 + 5 * SECOND + 100 + 10 * SECOND + GRACE;
    const [second] = summaries(sessionizer.advance());
    expect(second?.[SummaryField.SESSION_ID]).toBe(continuationId(id, 1));
    expect(second?.[SummaryField.SESSION_ID]).toMatch(/^[0-9a-f]{32}$/);
    expect(second?.[SummaryField.ACTION_COUNT]).toBe(2);
    expect(second?.[SummaryField.END_REASON]).toBe(SessionEndReason.TIMEOUT);
  });

  it('ends a session the client ended (api, or the reason it names) after the grace period', () => {
    const { clock, sessionizer } = setup();
    const [byApi, byClientTimeout] = [newSessionId(), newSessionId()];
    sessionizer.ingest([
      action(byApi, T0, 100),
      sessionEnd(byApi, T0 + 200),
      action(byClientTimeout, T0, 100),
      sessionEnd(byClientTimeout, T0 + 200, SessionEndReason.TIMEOUT),
    ]);
    expect(sessionizer.advance()).toEqual([]);
    clock.advanceBy(GRACE / 2);
    // A span still on its way when the client ended the session is part of it.
    sessionizer.ingest([request(byApi, T0 + 150, 200)]);
    clock.advanceBy(GRACE / 2);
    const ended = new Map(summaries(sessionizer.advance()).map((summary) => [summary[SummaryField.SESSION_ID], summary]));
    expect(ended.get(byApi)?.[SummaryField.END_REASON]).toBe(SessionEndReason.API);
    expect(ended.get(byApi)?.[SummaryField.REQUEST_COUNT]).toBe(1);
    expect(ended.get(byClientTimeout)?.[SummaryField.END_REASON]).toBe(SessionEndReason.TIMEOUT);
  });

  it('ends a session when a new one names it as previous (browser_closed), unless it already ended', () => {
    const { clock, sessionizer } = setup();
    const [old, successor, alreadyEnded, successorOfEnded] = [newSessionId(), newSessionId(), newSessionId(), newSessionId()];
    sessionizer.ingest([action(old, T0, 100), action(alreadyEnded, T0, 100), sessionEnd(alreadyEnded, T0 + 500, SessionEndReason.API)]);
    clock.advanceBy(GRACE);
    expect(summaries(sessionizer.advance()).map((summary) => summary[SummaryField.SESSION_ID])).toEqual([alreadyEnded]);
    sessionizer.ingest([sessionStart(successor, T0 + 2 * MINUTE, old), sessionStart(successorOfEnded, T0 + 2 * MINUTE, alreadyEnded)]);
    clock.advanceBy(GRACE);
    const ended = summaries(sessionizer.advance());
    expect(ended.map((summary) => [summary[SummaryField.SESSION_ID], summary[SummaryField.END_REASON]])).toEqual([
      [old, SessionEndReason.BROWSER_CLOSED],
    ]);
    expect(sessionizer.openSessions).toBe(2);
  });

  it('infers timeout when the successor started after the predecessor timed out', () => {
    const { clock, sessionizer } = setup();
    const [old, successor] = [newSessionId(), newSessionId()];
    sessionizer.ingest([action(old, T0, 100)]);
    clock.nowMs = T0 + 36 * MINUTE;
    // The successor shows up in the same sweep interval as the predecessor's deadline.
    sessionizer.ingest([sessionStart(successor, T0 + 36 * MINUTE, old)]);
    clock.advanceBy(GRACE);
    expect(summaries(sessionizer.advance())[0]?.[SummaryField.END_REASON]).toBe(SessionEndReason.TIMEOUT);
  });

  it('keeps events of a closed session at event level: rated, but the session is not reopened', () => {
    const { clock, sessionizer } = setup();
    const id = newSessionId();
    sessionizer.ingest([action(id, T0, 100), sessionEnd(id, T0 + 200)]);
    clock.advanceBy(GRACE);
    expect(sessionizer.advance()).toHaveLength(1);
    const straggler = action(id, T0 + 300, 20_000);
    const ratings = sessionizer.ingest([straggler, request(id, T0 + 400, 200)]);
    expect(ratings.get(straggler)).toBe(ApdexRating.FRUSTRATED);
    expect(sessionizer.openSessions).toBe(0);
    clock.advanceBy(40 * MINUTE);
    expect(sessionizer.advance()).toEqual([]);
  });

  it('counts open sessions per application and reports 0 once they all closed', () => {
    const { clock, sessionizer } = setup();
    sessionizer.ingest([action(newSessionId(), T0, 100), action(newSessionId(), T0, 100)]);
    expect(sessionizer.openSessionsByApp()).toEqual(new Map([[APP_ID, 2]]));
    clock.advanceBy(36 * MINUTE);
    expect(sessionizer.advance()).toHaveLength(2);
    expect(sessionizer.openSessionsByApp()).toEqual(new Map([[APP_ID, 0]]));
  });
});

describe('sessionizer: the expiry sweep', () => {
  it('pops deadlines in order', () => {
    const heap = new ExpiryHeap<number>();
    const random = seededRandom(7);
    const deadlines = Array.from({ length: 1000 }, () => Math.floor(random() * 10_000));
    for (const deadline of deadlines) heap.push(deadline, deadline);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop() as number);
    expect(popped).toEqual([...deadlines].sort((a, b) => a - b));
  });

  it('ends each of many sessions at the first sweep after its own deadline, however often activity moved it', () => {
    const limits = { inactivityTimeoutMs: 10 * SECOND, maxDurationMs: 10 * MINUTE, maxActions: 200 };
    const { clock, sessionizer } = setup(settings({ sessionLimits: limits }));
    const random = seededRandom(11);
    const lastActionEnd = new Map<string, number>();
    for (let index = 0; index < 300; index++) {
      const id = newSessionId();
      const spans = Array.from({ length: 1 + Math.floor(random() * 4) }, () => action(id, T0 + Math.floor(random() * 60 * SECOND), 100));
      // Activity arrives in separate batches, so deadlines move after the session was scheduled.
      for (const span of spans) sessionizer.ingest([span]);
      lastActionEnd.set(id, Math.max(...spans.map((span) => span.endTimeMs)));
    }
    const endedAt = new Map<string, number>();
    for (let now = T0; now <= T0 + 2 * MINUTE; now += 250) {
      clock.nowMs = now;
      for (const { summary } of sessionizer.advance()) endedAt.set(summary[SummaryField.SESSION_ID], now);
    }
    expect(endedAt.size).toBe(300);
    for (const [id, lastEnd] of lastActionEnd) {
      const deadline = lastEnd + limits.inactivityTimeoutMs + GRACE;
      const sweep = endedAt.get(id) as number;
      expect(sweep).toBeGreaterThanOrEqual(deadline);
      expect(sweep - deadline).toBeLessThan(250);
    }
  });
});

/** One session touching every field of the summary, ending with a session_end from the client. */
function richSession(id: string): RumSpan[] {
  const loadAction = action(id, T0, 2000, { type: ActionType.LOAD, name: 'loading of page /', page: '/' });
  const checkout = action(id, T0 + 60 * SECOND, 4000, { name: 'click on "Checkout"', page: '/cart' });
  const pay = action(id, T0 + 120 * SECOND, 1000, { name: 'click on "Pay"', page: '/checkout', instanceId: 'instance-2' });
  return [
    sessionStart(id, T0 - 10),
    loadAction,
    rumSpan(id, EventType.PAGE_CHANGE, T0 + 5, { page: '/' }),
    request(id, T0 + 100, 200, { parentSpanId: loadAction.spanId, traceId: loadAction.traceId }),
    userTag(id, T0 + 1000, 'first@example.com'),
    rumSpan(id, EventType.PAGE_CHANGE, T0 + 50 * SECOND, { page: '/cart' }),
    action(id, T0 + 55 * SECOND, 16_000, { type: ActionType.ROUTE_CHANGE, name: 'route to /cart', page: '/cart' }),
    rumSpan(id, EventType.RAGE_CLICK, T0 + 58 * SECOND, { page: '/cart' }),
    rumSpan(id, EventType.DEAD_CLICK, T0 + 59 * SECOND, { page: '/cart' }),
    checkout,
    request(id, T0 + 60 * SECOND + 100, 503, { parentSpanId: checkout.spanId, traceId: checkout.traceId, page: '/cart' }),
    error(id, T0 + 60 * SECOND + 200, ErrorType.REQUEST, {
      parentSpanId: checkout.spanId,
      attributes: { 'http.response.status_code': 503 },
      page: '/cart',
    }),
    error(id, T0 + 70 * SECOND, ErrorType.REQUEST, { attributes: { 'http.response.status_code': 404 }, page: '/cart' }),
    error(id, T0 + 80 * SECOND, ErrorType.CSP_VIOLATION, { page: '/cart' }),
    error(id, T0 + 81 * SECOND, ErrorType.ANR, { page: '/cart' }),
    error(id, T0 + 82 * SECOND, ErrorType.JAVASCRIPT, { page: '/cart' }),
    rumSpan(id, EventType.SESSION_PROPERTY, T0 + 90 * SECOND, { attributes: { [sessionPropertyAttribute('plan')]: 'free' } }),
    rumSpan(id, EventType.SESSION_PROPERTY, T0 + 95 * SECOND, {
      attributes: { [sessionPropertyAttribute('plan')]: 'pro', [sessionPropertyAttribute('cart_items')]: 3 },
    }),
    rumSpan(id, EventType.PAGE_CHANGE, T0 + 119 * SECOND, { page: '/checkout/42/confirm', instanceId: 'instance-2' }),
    pay,
    rumSpan(id, EventType.WEB_VITAL, T0 + 121 * SECOND, { page: '/checkout', instanceId: 'instance-2' }),
    userTag(id, T0 + 122 * SECOND, 'second@example.com'),
    sessionEnd(id, T0 + 125 * SECOND, SessionEndReason.API),
  ];
}

const goalSettings = settings({
  conversionGoals: [
    { name: 'checkout', kind: ConversionGoalKind.PAGE, pathPattern: '/checkout/*/confirm' },
    { name: 'paid', kind: ConversionGoalKind.ACTION, actionName: 'click on "Pay"' },
    { name: 'long', kind: ConversionGoalKind.DURATION, minDurationMs: 60 * MINUTE },
    { name: 'busy', kind: ConversionGoalKind.ACTIONS, minActions: 4 },
  ],
});

function endAll(sessionizer: Sessionizer, clock: FakeClock): EndedSession[] {
  clock.advanceBy(GRACE);
  return sessionizer.advance();
}

describe('sessionizer: the summary', () => {
  it('counts, rates and describes a session (SPEC §5)', () => {
    const { clock, sessionizer } = setup(goalSettings);
    const id = newSessionId();
    clock.nowMs = T0 + 126 * SECOND;
    sessionizer.ingest(richSession(id));
    const [ended] = endAll(sessionizer, clock);
    expect(ended?.summary).toEqual({
      [SummaryField.SESSION_ID]: id,
      [SummaryField.APPLICATION_ID]: APP_ID,
      // The latest event by time (the session_end) came from the first page instance.
      [SummaryField.INSTANCE_ID]: 'instance-1',
      [SummaryField.START_TIME]: new Date(T0 - 10).toISOString(),
      [SummaryField.END_TIME]: new Date(T0 + 125 * SECOND).toISOString(),
      [SummaryField.DURATION]: 125 * SECOND + 10,
      [SummaryField.END_REASON]: SessionEndReason.API,
      [SummaryField.NAVIGATION_COUNT]: 2,
      [SummaryField.PAGE_SUMMARY_COUNT]: 2,
      [SummaryField.REQUEST_COUNT]: 2,
      [SummaryField.USER_INTERACTION_COUNT]: 2,
      [SummaryField.VIEW_SUMMARY_COUNT]: 3,
      [SummaryField.ERROR_COUNT]: 5,
      [SummaryField.ERROR_HTTP_4XX_COUNT]: 1,
      [SummaryField.ERROR_HTTP_5XX_COUNT]: 1,
      [SummaryField.ERROR_ANR_COUNT]: 1,
      [SummaryField.ERROR_CSP_VIOLATION_COUNT]: 1,
      [SummaryField.ERROR_HAS_CRASH]: false,
      [SummaryField.HAS_REPLAY]: false,
      [SummaryField.IS_INVALID]: false,
      [SummaryField.IS_BOUNCE]: false,
      [SummaryField.HAS_RAGE_CLICK]: true,
      [SummaryField.HAS_ERROR]: true,
      [SummaryField.ACTION_COUNT]: 4,
      [SummaryField.RAGE_CLICK_COUNT]: 1,
      [SummaryField.DEAD_CLICK_COUNT]: 1,
      // Actions: load 2 s S, route 16 s F, checkout 4 s T but its request got a 503 → F, pay 1 s S.
      // Weights: S 6, T 0, F 6 + 5 errors + 2 rage click = 13 → 13/19 ≥ 30 %.
      [SummaryField.UX_SCORE]: UxScore.FRUSTRATING,
      [SummaryField.APDEX]: 0.5,
      [SummaryField.CONVERTED]: true,
      [SummaryField.CONVERSION_GOALS]: ['checkout', 'paid', 'busy'],
      [SummaryField.ENTRY_PAGE]: '/',
      [SummaryField.EXIT_PAGE]: '/',
      [SummaryField.USER_TAG]: 'second@example.com',
      [SummaryField.USER_TYPE]: UserType.REAL_USER,
      [SummaryField.BROWSER_NAME]: CLIENT.browserName,
      [SummaryField.BROWSER_VERSION]: CLIENT.browserVersion,
      [SummaryField.BROWSER_WINDOW_WIDTH]: CLIENT.windowWidth,
      [SummaryField.BROWSER_WINDOW_HEIGHT]: CLIENT.windowHeight,
      [SummaryField.OS_NAME]: CLIENT.osName,
      [SummaryField.DEVICE_TYPE]: CLIENT.deviceType,
      [SummaryField.DEVICE_SCREEN_WIDTH]: CLIENT.screenWidth,
      [SummaryField.DEVICE_SCREEN_HEIGHT]: CLIENT.screenHeight,
      [SummaryField.GEO_COUNTRY_ISO_CODE]: CLIENT.countryIsoCode,
      [SummaryField.CLIENT_ADDRESS]: CLIENT.clientAddress,
      [sessionPropertyAttribute('plan')]: 'pro',
      [sessionPropertyAttribute('cart_items')]: 3,
    });
    expect(ended?.pageGroups).toEqual([
      { pageGroup: '/', rageClicked: false, hadError: false },
      { pageGroup: '/cart', rageClicked: true, hadError: true },
      { pageGroup: '/checkout', rageClicked: false, hadError: false },
      { pageGroup: '/checkout/42/confirm', rageClicked: false, hadError: false },
    ]);
  });

  it('rates an action frustrated in the batch when its request failed, even when the request came first', () => {
    const { sessionizer } = setup();
    const id = newSessionId();
    const slowish = action(id, T0, 500);
    sessionizer.ingest([request(id, T0 + 10, 500, { parentSpanId: slowish.spanId })]);
    const fine = action(id, T0 + 1000, 500);
    const ratings = sessionizer.ingest([slowish, fine]);
    expect(ratings.get(slowish)).toBe(ApdexRating.FRUSTRATED);
    expect(ratings.get(fine)).toBe(ApdexRating.SATISFIED);
  });

  it("neither counts the page load's resource timings as requests nor rates the load by them", () => {
    const { clock, sessionizer } = setup();
    const id = newSessionId();
    const load = action(id, T0, 800, { type: ActionType.LOAD, name: 'loading of page /' });
    const missingImage = request(id, T0 + 100, 404, { parentSpanId: load.spanId, attributes: { [ATTR_RUM_RESOURCE_INITIATOR_TYPE]: 'img' } });
    const ratings = sessionizer.ingest([load, missingImage, request(id, T0 + 200, 200, { parentSpanId: load.spanId })]);
    expect(ratings.get(load)).toBe(ApdexRating.SATISFIED);
    clock.advanceBy(40 * MINUTE);
    const [summary] = summaries(sessionizer.advance());
    expect(summary?.[SummaryField.REQUEST_COUNT]).toBe(1);
    expect(summary?.[SummaryField.UX_SCORE]).toBe(UxScore.SATISFYING);
  });

  it('gives the same summary whatever order and batches the spans arrive in', () => {
    const inOrder = (() => {
      const { clock, sessionizer } = setup(goalSettings);
      const spans = richSession('0123456789abcdef0123456789abcdef');
      clock.nowMs = T0 + 126 * SECOND;
      sessionizer.ingest(spans);
      return { spans, ended: endAll(sessionizer, clock) };
    })();
    for (let seed = 1; seed <= 25; seed++) {
      const random = seededRandom(seed);
      const { clock, sessionizer } = setup(goalSettings);
      clock.nowMs = T0 + 126 * SECOND;
      const shuffled = shuffle(inOrder.spans, random);
      while (shuffled.length > 0) {
        sessionizer.ingest(shuffled.splice(0, 1 + Math.floor(random() * 6)));
        // Batches arrive a little apart, within the grace period in total.
        clock.advanceBy(100);
        expect(sessionizer.advance(), `seed ${seed}`).toEqual([]);
      }
      expect(endAll(sessionizer, clock), `seed ${seed}`).toEqual(inOrder.ended);
    }
  });

  it('judges a predecessor ended the same way whether its successor arrives before or after its spans', () => {
    for (const [gapMs, expected] of [
      [2 * MINUTE, SessionEndReason.BROWSER_CLOSED],
      [40 * MINUTE, SessionEndReason.TIMEOUT],
    ] as const) {
      const [previous, next] = ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'];
      const spans = [
        sessionStart(previous, T0),
        action(previous, T0 + 100, 500),
        request(previous, T0 + 200, 200),
        action(previous, T0 + 5000, 500),
        sessionStart(next, T0 + 5500 + gapMs, previous),
        action(next, T0 + 5600 + gapMs, 500),
      ];
      const run = (batches: RumSpan[][]) => {
        const { clock, sessionizer } = setup();
        clock.nowMs = T0 + 6000 + gapMs;
        for (const batch of batches) {
          sessionizer.ingest(batch);
          clock.advanceBy(100);
        }
        clock.advanceBy(GRACE);
        const ended = sessionizer.advance();
        ended.sort((a, b) => a.summary[SummaryField.SESSION_ID].localeCompare(b.summary[SummaryField.SESSION_ID]));
        return ended;
      };
      const inOrder = run([spans]);
      expect(summaries(inOrder).map((summary) => [summary[SummaryField.SESSION_ID], summary[SummaryField.END_REASON]])).toEqual([[previous, expected]]);
      for (let seed = 1; seed <= 20; seed++) {
        const random = seededRandom(seed);
        const shuffled = shuffle(spans, random);
        const batches: RumSpan[][] = [];
        while (shuffled.length > 0) batches.push(shuffled.splice(0, 1 + Math.floor(random() * 3)));
        expect(run(batches), `gap ${gapMs} ms, seed ${seed}`).toEqual(inOrder);
      }
    }
  });

  it('splits at the action limit by time, whatever the order within a batch', () => {
    const limits = { inactivityTimeoutMs: 10 * SECOND, maxDurationMs: MINUTE, maxActions: 3 };
    const id = newSessionId();
    const spans = [1, 2, 3, 4, 5].flatMap((n) => [action(id, T0 + n * SECOND, 100), request(id, T0 + n * SECOND + 50, 200)]);
    const run = (batch: RumSpan[]) => {
      const { clock, sessionizer } = setup(settings({ sessionLimits: limits }));
      sessionizer.ingest(batch);
      const ended = sessionizer.advance();
      clock.advanceBy(MINUTE);
      return [...ended, ...sessionizer.advance()];
    };
    const inOrder = run(spans);
    expect(summaries(inOrder).map((summary) => [summary[SummaryField.ACTION_COUNT], summary[SummaryField.REQUEST_COUNT]])).toEqual([
      [3, 3],
      [2, 2],
    ]);
    for (let seed = 1; seed <= 10; seed++) expect(run(shuffle(spans, seededRandom(seed))), `seed ${seed}`).toEqual(inOrder);
  });

  it('ends with the same summaries after snapshot → JSON → restore in a new process', () => {
    const ids = [newSessionId(), newSessionId(), newSessionId()];
    const spans = ids.flatMap((id) => richSession(id).filter((span) => span.eventType !== EventType.SESSION_END));
    const half = Math.floor(spans.length / 2);
    const limits = { inactivityTimeoutMs: 10 * MINUTE, maxDurationMs: 60 * MINUTE, maxActions: 3 };
    const appSettings = { ...goalSettings, sessionLimits: limits };
    const run = (restartInBetween: boolean) => {
      const first = setup(appSettings);
      first.clock.nowMs = T0 + 126 * SECOND;
      first.sessionizer.ingest(spans.slice(0, half));
      let { clock, sessionizer } = first;
      if (restartInBetween) {
        const saved = JSON.parse(JSON.stringify(sessionizer.snapshot())) as SessionizerSnapshot;
        ({ clock, sessionizer } = setup(appSettings));
        clock.nowMs = first.clock.nowMs;
        sessionizer.restore(saved);
      }
      sessionizer.ingest(spans.slice(half));
      clock.advanceBy(2 * MINUTE);
      sessionizer.ingest([sessionEnd(ids[0] as string, T0 + 130 * SECOND)]);
      const ended = [...sessionizer.advance()];
      clock.advanceBy(11 * MINUTE);
      ended.push(...sessionizer.advance());
      // Sessions due in the same sweep come out in no particular order.
      ended.sort((a, b) => a.summary[SummaryField.SESSION_ID].localeCompare(b.summary[SummaryField.SESSION_ID]));
      return { ended, open: sessionizer.openSessions };
    };
    const withoutRestart = run(false);
    expect(withoutRestart.ended.length).toBeGreaterThan(ids.length);
    expect(run(true)).toEqual(withoutRestart);
  });

  it('gives back every client address as it came, across snapshot → JSON → restore', () => {
    // IPv4 is held packed into one integer: first octets on both sides of 128 (the sign bit), IPv6
    // and strings that only look like IPv4 stay strings.
    const addresses = ['203.0.113.0', '10.1.2.0', '255.255.255.255', '0.0.0.0', '2001:db8:85a3::', '010.1.2.0', '300.1.2.3'];
    const ids = addresses.map(() => newSessionId());
    const profiles = new ClientProfiles();
    expect(addresses.map((clientAddress) => typeof profiles.addressOf({ ...CLIENT, clientAddress }))).toEqual(['number', 'number', 'number', 'number', 'string', 'string', 'string']);
    for (const restart of [false, true]) {
      let { clock, sessionizer } = setup();
      const client = (index: number) => ({ client: { ...CLIENT, clientAddress: addresses[index] } });
      sessionizer.ingest(ids.flatMap((id, index) => [action(id, T0, 100, client(index)), rumSpan(id, EventType.SESSION_END, T0 + 200, client(index))]));
      if (restart) {
        const saved = JSON.parse(JSON.stringify(sessionizer.snapshot())) as SessionizerSnapshot;
        ({ clock, sessionizer } = setup());
        sessionizer.restore(saved);
      }
      const ended = new Map(summaries(endAll(sessionizer, clock)).map((summary) => [summary[SummaryField.SESSION_ID], summary]));
      expect(ids.map((id) => ended.get(id)?.[SummaryField.CLIENT_ADDRESS]), `restart: ${restart}`).toEqual(addresses);
    }
  });

  it('rates a session without actions satisfying, a bounce and invalid', () => {
    const { clock, sessionizer } = setup();
    const id = newSessionId();
    sessionizer.ingest([request(id, T0, 200), sessionEnd(id, T0 + 100)]);
    const [ended] = summaries(endAll(sessionizer, clock));
    expect(ended?.[SummaryField.UX_SCORE]).toBe(UxScore.SATISFYING);
    expect(ended?.[SummaryField.IS_BOUNCE]).toBe(true);
    expect(ended?.[SummaryField.IS_INVALID]).toBe(true);
    expect(ended?.[SummaryField.APDEX]).toBeUndefined();
    expect(ended?.[SummaryField.CONVERTED]).toBe(false);
  });
});
