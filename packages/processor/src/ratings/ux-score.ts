// User experience score of a session (SPEC §4): weighted elements rated S, T or F.

import { ApdexRating, UxScore } from '@otel-rum/semconv';
import type { UxScoreSettings } from '../model.js';

export const UX_WEIGHT_ACTION = 3;
export const UX_WEIGHT_ERROR = 1;
export const UX_WEIGHT_RAGE_CLICK = 2;
export const UX_WEIGHT_CRASH = 5000;

/** What a session consists of, as far as its UX score is concerned. */
export interface UxElements {
  readonly satisfiedActions: number;
  readonly toleratingActions: number;
  readonly frustratedActions: number;
  /** Errors other than crashes. */
  readonly errors: number;
  readonly rageClicks: number;
  readonly crashes: number;
  /** Rating of the session's last user action by time; undefined without actions. */
  readonly lastAction: ApdexRating | undefined;
}

export function uxScore(elements: UxElements, settings: UxScoreSettings): UxScore {
  if (settings.lastActionRule && elements.lastAction === ApdexRating.FRUSTRATED) return UxScore.FRUSTRATING;
  const satisfied = UX_WEIGHT_ACTION * elements.satisfiedActions;
  const tolerating = UX_WEIGHT_ACTION * elements.toleratingActions;
  const frustrated =
    UX_WEIGHT_ACTION * elements.frustratedActions +
    UX_WEIGHT_ERROR * elements.errors +
    (settings.countRageClicks ? UX_WEIGHT_RAGE_CLICK * elements.rageClicks : 0) +
    UX_WEIGHT_CRASH * elements.crashes;
  const total = satisfied + tolerating + frustrated;
  // A session with nothing to rate (no action, no error) disappointed nobody.
  if (total === 0) return UxScore.SATISFYING;
  if (frustrated / total >= settings.frustratingShare) return UxScore.FRUSTRATING;
  if (frustrated === 0 && satisfied / total >= settings.satisfyingShare) return UxScore.SATISFYING;
  return UxScore.TOLERABLE;
}

/** A session with at most one user action. */
export const isBounce = (actionCount: number): boolean => actionCount <= 1;
