// Conversion goals (SPEC §4): a session converts when it reaches any of its application's goals.

import { ConversionGoalKind } from '@otel-rum/semconv';
import type { ConversionGoal } from '../model.js';

/** Goals reached are kept as a bit mask per session, so an application has at most this many. */
export const MAX_CONVERSION_GOALS = 30;

/** An application's goals, prepared for matching many times. */
export class CompiledGoals {
  readonly names: readonly string[];
  private readonly pageGoals: readonly { readonly bit: number; readonly pattern: RegExp }[];
  private readonly actionGoals: ReadonlyMap<string, number>;
  private readonly durationGoals: readonly { readonly bit: number; readonly minDurationMs: number }[];
  private readonly actionCountGoals: readonly { readonly bit: number; readonly minActions: number }[];

  constructor(goals: readonly ConversionGoal[]) {
    if (goals.length > MAX_CONVERSION_GOALS) {
      throw new Error(`an application has at most ${MAX_CONVERSION_GOALS} conversion goals, got ${goals.length}`);
    }
    this.names = goals.map((goal) => goal.name);
    const pageGoals: { bit: number; pattern: RegExp }[] = [];
    const actionGoals = new Map<string, number>();
    const durationGoals: { bit: number; minDurationMs: number }[] = [];
    const actionCountGoals: { bit: number; minActions: number }[] = [];
    goals.forEach((goal, index) => {
      const bit = 1 << index;
      switch (goal.kind) {
        case ConversionGoalKind.PAGE:
          pageGoals.push({ bit, pattern: globToRegExp(goal.pathPattern) });
          break;
        case ConversionGoalKind.ACTION:
          actionGoals.set(goal.actionName, (actionGoals.get(goal.actionName) ?? 0) | bit);
          break;
        case ConversionGoalKind.DURATION:
          durationGoals.push({ bit, minDurationMs: goal.minDurationMs });
          break;
        case ConversionGoalKind.ACTIONS:
          actionCountGoals.push({ bit, minActions: goal.minActions });
          break;
      }
    });
    this.pageGoals = pageGoals;
    this.actionGoals = actionGoals;
    this.durationGoals = durationGoals;
    this.actionCountGoals = actionCountGoals;
  }

  get hasPageGoals(): boolean {
    return this.pageGoals.length > 0;
  }

  /** Bits of the page goals a visit to this URL path reaches. */
  reachedByPage(path: string): number {
    let bits = 0;
    for (const goal of this.pageGoals) if (goal.pattern.test(path)) bits |= goal.bit;
    return bits;
  }

  /** Bits of the action goals an action of this name reaches. */
  reachedByAction(actionName: string): number {
    return this.actionGoals.get(actionName) ?? 0;
  }

  /** Bits of the goals a whole session reaches by its duration and its action count. */
  reachedBySession(durationMs: number, actionCount: number): number {
    let bits = 0;
    for (const goal of this.durationGoals) if (durationMs >= goal.minDurationMs) bits |= goal.bit;
    for (const goal of this.actionCountGoals) if (actionCount >= goal.minActions) bits |= goal.bit;
    return bits;
  }

  /** Names of the goals in a bit mask, in configuration order. */
  namesOf(bits: number): string[] {
    return this.names.filter((_, index) => (bits & (1 << index)) !== 0);
  }
}

/** `*` matches within one path segment, `**` across segments, everything else literally. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*') {
      if (glob[index + 1] === '*') {
        source += '.*';
        index++;
      } else {
        source += '[^/]*';
      }
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
