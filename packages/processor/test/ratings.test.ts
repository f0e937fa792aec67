import { ActionType, ApdexRating, ConversionGoalKind, UxScore } from '@otel-rum/semconv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UX_SCORE_SETTINGS, defaultAppSettings, type ApdexSettings } from '../src/model.js';
import {
  apdexScore,
  apdexThresholdsFor,
  CompiledGoals,
  globToRegExp,
  isBounce,
  MAX_CONVERSION_GOALS,
  rateAction,
  uxScore,
  type UxElements,
} from '../src/ratings/index.js';

const defaults = defaultAppSettings('shop').apdex;

describe('ratings: Apdex per action', () => {
  it('is satisfied up to T, tolerating up to F, frustrated above (defaults 3 s / 15 s)', () => {
    const rate = (durationMs: number) => rateAction(durationMs, false, defaults.default);
    expect([0, 3000, 3001, 15_000, 15_001].map(rate)).toEqual([
      ApdexRating.SATISFIED,
      ApdexRating.SATISFIED,
      ApdexRating.TOLERATING,
      ApdexRating.TOLERATING,
      ApdexRating.FRUSTRATED,
    ]);
  });

  it('is frustrated with an error however fast', () => {
    expect(rateAction(10, true, defaults.default)).toBe(ApdexRating.FRUSTRATED);
  });

  it('takes the key action thresholds over the action type ones over the application ones', () => {
    const apdex: ApdexSettings = {
      default: { satisfiedMs: 3000, toleratingMs: 15_000 },
      byActionType: { [ActionType.LOAD]: { satisfiedMs: 1000, toleratingMs: 4000 } },
      byActionName: new Map([['loading of page /checkout', { satisfiedMs: 500, toleratingMs: 2000 }]]),
    };
    expect(apdexThresholdsFor(apdex, ActionType.LOAD, 'loading of page /checkout')).toEqual({ satisfiedMs: 500, toleratingMs: 2000 });
    expect(apdexThresholdsFor(apdex, ActionType.LOAD, 'loading of page /')).toEqual({ satisfiedMs: 1000, toleratingMs: 4000 });
    expect(apdexThresholdsFor(apdex, ActionType.XHR, 'click on "Buy"')).toEqual(apdex.default);
    // Names that happen to be Object.prototype members are no thresholds.
    expect(apdexThresholdsFor(apdex, 'constructor', 'toString')).toEqual(apdex.default);
  });

  it('scores a set as (satisfied + tolerating / 2) / total', () => {
    expect(apdexScore(2, 2, 0)).toBe(0.75);
    expect(apdexScore(0, 0, 3)).toBe(0);
    expect(apdexScore(0, 0, 0)).toBeUndefined();
  });
});

const elements = (overrides: Partial<UxElements>): UxElements => ({
  satisfiedActions: 0,
  toleratingActions: 0,
  frustratedActions: 0,
  errors: 0,
  rageClicks: 0,
  crashes: 0,
  lastAction: ApdexRating.SATISFIED,
  ...overrides,
});

describe('ratings: user experience score', () => {
  it('is frustrating from 30 % frustrated weight on, tolerable just below', () => {
    // 7 satisfied actions (21) and 9 errors (9): 9 / 30 = 30 %.
    expect(uxScore(elements({ satisfiedActions: 7, errors: 9 }), DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.FRUSTRATING);
    // 7 satisfied actions (21) and 8 errors: 8 / 29 < 30 %.
    expect(uxScore(elements({ satisfiedActions: 7, errors: 8 }), DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.TOLERABLE);
  });

  it('is satisfying from 50 % satisfied weight with nothing frustrated', () => {
    expect(uxScore(elements({ satisfiedActions: 1, toleratingActions: 1 }), DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.SATISFYING);
    expect(uxScore(elements({ satisfiedActions: 1, toleratingActions: 2 }), DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.TOLERABLE);
    // One error among many satisfied actions: below 30 % but not free of F.
    expect(uxScore(elements({ satisfiedActions: 10, errors: 1 }), DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.TOLERABLE);
  });

  it('weighs a rage click 2 (when they count) and a crash 5000', () => {
    // 3 satisfied actions (9) + 2 rage clicks (4): 4 / 13 = 30.7 %.
    expect(uxScore(elements({ satisfiedActions: 3, rageClicks: 2 }), DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.FRUSTRATING);
    expect(uxScore(elements({ satisfiedActions: 3, rageClicks: 2 }), { ...DEFAULT_UX_SCORE_SETTINGS, countRageClicks: false })).toBe(
      UxScore.SATISFYING,
    );
    expect(uxScore(elements({ satisfiedActions: 1000, crashes: 1 }), DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.FRUSTRATING);
  });

  it('is frustrating when the last action is frustrated, unless that rule is off', () => {
    const lastFrustrated = elements({ satisfiedActions: 9, frustratedActions: 1, lastAction: ApdexRating.FRUSTRATED });
    expect(uxScore(lastFrustrated, DEFAULT_UX_SCORE_SETTINGS)).toBe(UxScore.FRUSTRATING);
    expect(uxScore(lastFrustrated, { ...DEFAULT_UX_SCORE_SETTINGS, lastActionRule: false })).toBe(UxScore.TOLERABLE);
  });

  it('uses the configured thresholds', () => {
    const strict = { ...DEFAULT_UX_SCORE_SETTINGS, frustratingShare: 0.1, satisfyingShare: 0.9 };
    expect(uxScore(elements({ satisfiedActions: 3, errors: 1 }), strict)).toBe(UxScore.FRUSTRATING);
    expect(uxScore(elements({ satisfiedActions: 8, toleratingActions: 1 }), strict)).toBe(UxScore.TOLERABLE);
  });

  it('calls a session with at most one action a bounce', () => {
    expect([0, 1, 2].map(isBounce)).toEqual([true, true, false]);
  });
});

describe('ratings: conversion goals', () => {
  const goals = new CompiledGoals([
    { name: 'confirmed', kind: ConversionGoalKind.PAGE, pathPattern: '/order/*/confirmed' },
    { name: 'docs', kind: ConversionGoalKind.PAGE, pathPattern: '/docs/**' },
    { name: 'paid', kind: ConversionGoalKind.ACTION, actionName: 'click on "Pay"' },
    { name: 'engaged', kind: ConversionGoalKind.DURATION, minDurationMs: 60_000 },
    { name: 'busy', kind: ConversionGoalKind.ACTIONS, minActions: 5 },
  ]);

  it('reaches a page goal by a glob on the URL path', () => {
    expect(goals.namesOf(goals.reachedByPage('/order/42/confirmed'))).toEqual(['confirmed']);
    expect(goals.namesOf(goals.reachedByPage('/order/42/items/confirmed'))).toEqual([]);
    expect(goals.namesOf(goals.reachedByPage('/docs/api/v1'))).toEqual(['docs']);
    expect(goals.namesOf(goals.reachedByPage('/docsx'))).toEqual([]);
  });

  it('reaches an action goal by the exact action name', () => {
    expect(goals.namesOf(goals.reachedByAction('click on "Pay"'))).toEqual(['paid']);
    expect(goals.reachedByAction('click on "Pay later"')).toBe(0);
  });

  it('reaches duration and action-count goals from the session as a whole, at the boundary', () => {
    expect(goals.namesOf(goals.reachedBySession(60_000, 5))).toEqual(['engaged', 'busy']);
    expect(goals.reachedBySession(59_999, 4)).toBe(0);
  });

  it('matches glob metacharacters only, the rest literally', () => {
    expect(globToRegExp('/a.b/(x)/*').test('/a.b/(x)/c')).toBe(true);
    expect(globToRegExp('/a.b/(x)/*').test('/aXb/(x)/c')).toBe(false);
  });

  it('refuses more goals than a session can track', () => {
    const many = Array.from({ length: MAX_CONVERSION_GOALS + 1 }, (_, index) => ({
      name: `goal${index}`,
      kind: ConversionGoalKind.ACTIONS,
      minActions: index,
    }));
    expect(() => new CompiledGoals(many)).toThrow(/at most 30 conversion goals/);
  });
});
