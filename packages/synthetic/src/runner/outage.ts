import type { OutageRule } from '../config/index.js';
import type { ProblemState } from './result.js';

interface Tracked {
  consecutiveFailures: number;
  openedAt?: Date;
}

export interface OpenProblem {
  readonly monitorId: string;
  readonly location: string;
  readonly openedAt: string;
  readonly consecutiveFailures: number;
}

/**
 * The outage rule, per monitor and location: N failed runs in a row open a problem, the first
 * successful run closes it.
 */
export class OutageTracker {
  private readonly state = new Map<string, Tracked & { monitorId: string; location: string }>();

  record(monitorId: string, location: string, rule: OutageRule, succeeded: boolean, at = new Date()): ProblemState {
    const key = JSON.stringify([monitorId, location]);
    const tracked = this.state.get(key) ?? { monitorId, location, consecutiveFailures: 0 };
    this.state.set(key, tracked);
    const wasOpen = tracked.openedAt !== undefined;
    if (succeeded) {
      tracked.consecutiveFailures = 0;
      delete tracked.openedAt;
      return { open: false, opened: false, closed: wasOpen, consecutiveFailures: 0 };
    }
    tracked.consecutiveFailures += 1;
    const opened = !wasOpen && tracked.consecutiveFailures >= rule.consecutiveFailures;
    if (opened) tracked.openedAt = at;
    return {
      open: tracked.openedAt !== undefined,
      opened,
      closed: false,
      consecutiveFailures: tracked.consecutiveFailures,
      ...(tracked.openedAt ? { openedAt: tracked.openedAt.toISOString() } : {}),
    };
  }

  openProblems(): OpenProblem[] {
    return [...this.state.values()]
      .filter((tracked) => tracked.openedAt !== undefined)
      .map((tracked) => ({ monitorId: tracked.monitorId, location: tracked.location, openedAt: tracked.openedAt!.toISOString(), consecutiveFailures: tracked.consecutiveFailures }));
  }
}
