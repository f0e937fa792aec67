// Apdex per user action (SPEC §4): satisfied ≤ T < tolerating ≤ F < frustrated; an error makes it frustrated.

import { ApdexRating, type ActionType } from '@otel-rum/semconv';
import type { ApdexSettings, ApdexThresholds } from '../model.js';

/** The thresholds of one action: its key-action override, else its type's, else the application's. */
export function apdexThresholdsFor(settings: ApdexSettings, actionType: string | undefined, actionName: string | undefined): ApdexThresholds {
  if (actionName !== undefined) {
    const byName = settings.byActionName.get(actionName);
    if (byName) return byName;
  }
  if (actionType !== undefined && Object.hasOwn(settings.byActionType, actionType)) {
    const byType = settings.byActionType[actionType as ActionType];
    if (byType) return byType;
  }
  return settings.default;
}

export function rateAction(durationMs: number, hadError: boolean, thresholds: ApdexThresholds): ApdexRating {
  if (hadError || durationMs > thresholds.toleratingMs) return ApdexRating.FRUSTRATED;
  return durationMs <= thresholds.satisfiedMs ? ApdexRating.SATISFIED : ApdexRating.TOLERATING;
}

/** Apdex of a set of actions: (satisfied + tolerating / 2) / total; undefined for an empty set. */
export function apdexScore(satisfied: number, tolerating: number, frustrated: number): number | undefined {
  const total = satisfied + tolerating + frustrated;
  return total === 0 ? undefined : (satisfied + tolerating / 2) / total;
}
