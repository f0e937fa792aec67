import { SessionEndReason } from '@otel-rum/semconv';
import { describe, expect, it } from 'vitest';
import { SessionTracker } from '../src/custom-app/session-tracker.js';

// A clock the test moves, for the case real timers cannot show: a process that was asleep (or
// busy) past a limit and finds out only at its next activity.
function trackerAt(limits: { inactivityTimeoutMs: number; maxDurationMs: number; maxActions: number }) {
  let nowMs = 1_000_000;
  const events: string[] = [];
  const tracker = new SessionTracker(
    limits,
    {
      started: (id, previousId, timeMs) => events.push(`start ${id.slice(0, 4)} after ${previousId?.slice(0, 4) ?? '-'} at ${timeMs}`),
      ended: (id, reason, timeMs) => events.push(`end ${id.slice(0, 4)} ${reason} at ${timeMs}`),
    },
    () => nowMs,
  );
  return { tracker, events, advance: (ms: number) => (nowMs += ms) };
}

const HOUR = 3_600_000;

describe('SessionTracker after a late wake-up', () => {
  it('ends the session at the moment it timed out, not when the process noticed', () => {
    const { tracker, events, advance } = trackerAt({ inactivityTimeoutMs: HOUR, maxDurationMs: 10 * HOUR, maxActions: 200 });
    const first = tracker.startAction();
    tracker.endAction(first);
    advance(3 * HOUR);
    const second = tracker.startAction();
    tracker.dispose();
    expect(second).not.toBe(first);
    expect(events).toEqual([
      `start ${first.slice(0, 4)} after - at 1000000`,
      `end ${first.slice(0, 4)} ${SessionEndReason.TIMEOUT} at ${1_000_000 + HOUR}`,
      `start ${second.slice(0, 4)} after ${first.slice(0, 4)} at ${1_000_000 + 3 * HOUR}`,
    ]);
  });

  it('names the duration limit when it came before the inactivity timeout', () => {
    const { tracker, events, advance } = trackerAt({ inactivityTimeoutMs: HOUR, maxDurationMs: 2 * HOUR, maxActions: 200 });
    const first = tracker.startAction();
    for (let i = 0; i < 4; i++) {
      advance(HOUR / 2);
      tracker.endAction(first);
    }
    advance(HOUR / 2);
    tracker.currentId();
    tracker.dispose();
    expect(events[1]).toBe(`end ${first.slice(0, 4)} ${SessionEndReason.DURATION_LIMIT} at ${1_000_000 + 2 * HOUR}`);
  });

  it('never times out while an action is open, and times out from its end', () => {
    const { tracker, events, advance } = trackerAt({ inactivityTimeoutMs: HOUR, maxDurationMs: 10 * HOUR, maxActions: 200 });
    const first = tracker.startAction();
    advance(3 * HOUR);
    expect(tracker.currentId()).toBe(first);
    tracker.endAction(first);
    advance(HOUR + 1);
    tracker.currentId();
    tracker.dispose();
    expect(events[1]).toBe(`end ${first.slice(0, 4)} ${SessionEndReason.TIMEOUT} at ${1_000_000 + 4 * HOUR}`);
  });
});
