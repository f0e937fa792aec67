// Closed value sets of SPEC §2–§5. Each is a frozen object (for code) and a union type (for types);
// the `*_VALUES` lists serve validation.

const valuesOf = <T extends Record<string, string>>(values: T): readonly T[keyof T][] =>
  Object.freeze(Object.values(values)) as readonly T[keyof T][];

export const EventType = {
  USER_ACTION: 'user_action',
  REQUEST: 'request',
  ERROR: 'error',
  RAGE_CLICK: 'rage_click',
  DEAD_CLICK: 'dead_click',
  ERROR_CLICK: 'error_click',
  PAGE_CHANGE: 'page_change',
  WEB_VITAL: 'web_vital',
  USER_TAG: 'user_tag',
  SESSION_PROPERTY: 'session_property',
  SESSION_START: 'session_start',
  SESSION_END: 'session_end',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES = valuesOf(EventType);

export const ActionType = {
  LOAD: 'load',
  XHR: 'xhr',
  CUSTOM: 'custom',
  ROUTE_CHANGE: 'route_change',
} as const;
export type ActionType = (typeof ActionType)[keyof typeof ActionType];
export const ACTION_TYPES = valuesOf(ActionType);

export const ErrorType = {
  JAVASCRIPT: 'javascript',
  REQUEST: 'request',
  CUSTOM: 'custom',
  CSP_VIOLATION: 'csp_violation',
  CRASH: 'crash',
  ANR: 'anr',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];
export const ERROR_TYPES = valuesOf(ErrorType);

export const SessionEndReason = {
  TIMEOUT: 'timeout',
  DURATION_LIMIT: 'duration_limit',
  ACTION_LIMIT: 'action_limit',
  API: 'api',
  BROWSER_CLOSED: 'browser_closed',
} as const;
export type SessionEndReason = (typeof SessionEndReason)[keyof typeof SessionEndReason];
export const SESSION_END_REASONS = valuesOf(SessionEndReason);

export const WebVitalName = {
  LCP: 'lcp',
  INP: 'inp',
  CLS: 'cls',
  FCP: 'fcp',
  TTFB: 'ttfb',
} as const;
export type WebVitalName = (typeof WebVitalName)[keyof typeof WebVitalName];
export const WEB_VITAL_NAMES = valuesOf(WebVitalName);

export const WebVitalRating = {
  GOOD: 'good',
  NEEDS_IMPROVEMENT: 'needs-improvement',
  POOR: 'poor',
} as const;
export type WebVitalRating = (typeof WebVitalRating)[keyof typeof WebVitalRating];
export const WEB_VITAL_RATINGS = valuesOf(WebVitalRating);

export const ApdexRating = {
  SATISFIED: 'satisfied',
  TOLERATING: 'tolerating',
  FRUSTRATED: 'frustrated',
} as const;
export type ApdexRating = (typeof ApdexRating)[keyof typeof ApdexRating];
export const APDEX_RATINGS = valuesOf(ApdexRating);

export const UxScore = {
  SATISFYING: 'satisfying',
  TOLERABLE: 'tolerable',
  FRUSTRATING: 'frustrating',
} as const;
export type UxScore = (typeof UxScore)[keyof typeof UxScore];
export const UX_SCORES = valuesOf(UxScore);

export const UserType = {
  REAL_USER: 'real_user',
  SYNTHETIC: 'synthetic',
  ROBOT: 'robot',
} as const;
export type UserType = (typeof UserType)[keyof typeof UserType];
export const USER_TYPES = valuesOf(UserType);

/** Behaviour segment of an ended session, for conversion rate per segment (SPEC §6). */
export const BehaviourSegment = {
  RAGE_CLICK: 'rage_click',
  ERROR: 'error',
  CLEAN: 'clean',
} as const;
export type BehaviourSegment = (typeof BehaviourSegment)[keyof typeof BehaviourSegment];
export const BEHAVIOUR_SEGMENTS = valuesOf(BehaviourSegment);

export const DeviceType = {
  DESKTOP: 'desktop',
  MOBILE: 'mobile',
  TABLET: 'tablet',
  OTHER: 'other',
} as const;
export type DeviceType = (typeof DeviceType)[keyof typeof DeviceType];
export const DEVICE_TYPES = valuesOf(DeviceType);

/** The kinds of conversion goal an application can configure (SPEC §4). */
export const ConversionGoalKind = {
  /** A page whose URL path matches a pattern was visited. */
  PAGE: 'page',
  /** A user action with this name happened. */
  ACTION: 'action',
  /** The session lasted at least this long. */
  DURATION: 'duration',
  /** The session had at least this many user actions. */
  ACTIONS: 'actions',
} as const;
export type ConversionGoalKind = (typeof ConversionGoalKind)[keyof typeof ConversionGoalKind];
export const CONVERSION_GOAL_KINDS = valuesOf(ConversionGoalKind);
