// The contract inside the processor: what ingest (receivers, decoding, limits, enrichment) hands to
// the sessionizer and the metrics, what the sessionizer hands to the exporters, and the per-application
// settings the config loader produces. Change it additively only: both halves of the pipeline build on it.

import {
  ATTR_RUM_RESOURCE_INITIATOR_TYPE,
  DEFAULT_SESSION_LIMITS,
  EventType,
  type SummaryField,
  type ActionType,
  type ApdexRating,
  type ConversionGoalKind,
  type DeviceType,
  type SessionEndReason,
  type SessionLimits,
  type UserType,
  type UxScore,
} from '@otel-rum/semconv';

/** A scalar OTLP attribute value, the only kind the sessionizer reads. */
export type ScalarValue = string | number | boolean;

/**
 * A fetch/XHR request span, what SPEC §2 calls a request. The web SDK also sends the page load's
 * resource timings (images, scripts, styles) as request spans under the load action, marked with
 * `dt.rum.resource.initiator_type`: they draw the waterfall but are not requests the application
 * made, so they neither count as requests nor make the load action erroneous.
 */
export const isApplicationRequest = (span: RumSpan): boolean =>
  span.eventType === EventType.REQUEST && span.attributes[ATTR_RUM_RESOURCE_INITIATOR_TYPE] === undefined;

/** One RUM span after decoding and enrichment: what the sessionizer and the metrics consume. */
export interface RumSpan {
  /** `dt.rum.application.id` of the resource, already checked against the configured applications. */
  readonly applicationId: string;
  /** `dt.rum.session.id`, already checked with `isValidSessionId`. */
  readonly sessionId: string;
  /** `dt.rum.instance.id` of the resource: one per page load or process. */
  readonly instanceId?: string;
  /** Lowercase hex, as OTLP/JSON spells them (protobuf bytes are converted by the decoder). */
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  /** `dt.rum.event.type`, already checked against `EVENT_TYPES`. */
  readonly eventType: EventType;
  /** The span name. */
  readonly name: string;
  /** Epoch milliseconds, already checked and corrected for clock skew by ingest. */
  readonly startTimeMs: number;
  readonly endTimeMs: number;
  /** Span status code ERROR. */
  readonly statusError: boolean;
  /** Span attributes with scalar values (arrays and maps dropped), keyed by the semconv names. */
  readonly attributes: Readonly<Record<string, ScalarValue>>;
  /** URL path of the page the event happened on (no query, no fragment), for page conversion goals. */
  readonly pagePath: string;
  /** The page path folded into a bounded page group (capped per application, overflow to `other`). */
  readonly pageGroup: string;
  /** Who sent it: from the resource, the user agent and the (masked) client IP. Spans of one resource may share one object. */
  readonly client: ClientInfo;
}

/** The client a span came from, derived by enrichment. */
export interface ClientInfo {
  readonly userType: UserType;
  readonly browserName?: string;
  readonly browserVersion?: string;
  readonly osName?: string;
  readonly osVersion?: string;
  readonly deviceType: DeviceType;
  readonly deviceManufacturer?: string;
  readonly deviceModel?: string;
  readonly windowWidth?: number;
  readonly windowHeight?: number;
  readonly screenWidth?: number;
  readonly screenHeight?: number;
  /** Already masked (IPv4 last octet, IPv6 after /48). */
  readonly clientAddress?: string;
  readonly countryIsoCode?: string;
}

// --- Per-application settings ---------------------------------------------------------------------

/** Apdex thresholds of a user action (SPEC §4). */
export interface ApdexThresholds {
  /** T: an action is satisfied when its duration is at most this. */
  readonly satisfiedMs: number;
  /** F: tolerating when at most this, frustrated above. */
  readonly toleratingMs: number;
}

export interface ApdexSettings {
  readonly default: ApdexThresholds;
  /** Overrides per action type. */
  readonly byActionType: Readonly<Partial<Record<ActionType, ApdexThresholds>>>;
  /** Overrides per key user action, by exact action name; wins over the action type. */
  readonly byActionName: ReadonlyMap<string, ApdexThresholds>;
}

/** How the user experience score of a session is computed (SPEC §4). */
export interface UxScoreSettings {
  /** Frustrating when the frustrated weight share is at least this (0–1). */
  readonly frustratingShare: number;
  /** Satisfying when the satisfied weight share is at least this (0–1) and nothing is frustrated. */
  readonly satisfyingShare: number;
  /** A session whose last user action is frustrated is frustrating. */
  readonly lastActionRule: boolean;
  /** Rage clicks count as frustrated elements. */
  readonly countRageClicks: boolean;
}

interface GoalBase {
  /** The `goal` label value and the entry in `conversion_goals`; unique per application. */
  readonly name: string;
}
/**
 * A conversion goal; a session converts when it reaches any. `pathPattern` is a glob on the URL path:
 * `*` matches within one path segment, `**` across segments, everything else literally.
 */
export type ConversionGoal =
  | (GoalBase & { readonly kind: typeof ConversionGoalKind.PAGE; readonly pathPattern: string })
  | (GoalBase & { readonly kind: typeof ConversionGoalKind.ACTION; readonly actionName: string })
  | (GoalBase & { readonly kind: typeof ConversionGoalKind.DURATION; readonly minDurationMs: number })
  | (GoalBase & { readonly kind: typeof ConversionGoalKind.ACTIONS; readonly minActions: number });

/** Everything the sessionizer, the ratings and the metrics need to know about one application. */
export interface AppSettings {
  readonly applicationId: string;
  readonly sessionLimits: SessionLimits;
  readonly apdex: ApdexSettings;
  readonly uxScore: UxScoreSettings;
  readonly conversionGoals: readonly ConversionGoal[];
}

export const DEFAULT_APDEX_THRESHOLDS: ApdexThresholds = Object.freeze({ satisfiedMs: 3_000, toleratingMs: 15_000 });

export const DEFAULT_UX_SCORE_SETTINGS: UxScoreSettings = Object.freeze({
  frustratingShare: 0.3,
  satisfyingShare: 0.5,
  lastActionRule: true,
  countRageClicks: true,
});

/** SPEC defaults: T = 3 s, F = 15 s, 35 min / 8 h / 200 actions, UX thresholds 30 % / 50 %, no goals. */
export function defaultAppSettings(applicationId: string): AppSettings {
  return {
    applicationId,
    sessionLimits: DEFAULT_SESSION_LIMITS,
    apdex: { default: DEFAULT_APDEX_THRESHOLDS, byActionType: {}, byActionName: new Map() },
    uxScore: DEFAULT_UX_SCORE_SETTINGS,
    conversionGoals: [],
  };
}

// --- The session summary --------------------------------------------------------------------------

/**
 * One ended session (SPEC §5), keyed by the log attribute names of semconv `SummaryField`; optional
 * fields are absent when unknown. Session properties follow as `session_properties.<name>` keys.
 */
export interface SessionSummary {
  readonly [SummaryField.SESSION_ID]: string;
  readonly [SummaryField.APPLICATION_ID]: string;
  readonly [SummaryField.INSTANCE_ID]?: string;
  /** ISO 8601, UTC. */
  readonly [SummaryField.START_TIME]: string;
  readonly [SummaryField.END_TIME]: string;
  /** Milliseconds from the first event's start to the last event's end. */
  readonly [SummaryField.DURATION]: number;
  readonly [SummaryField.END_REASON]: SessionEndReason;
  readonly [SummaryField.NAVIGATION_COUNT]: number;
  readonly [SummaryField.PAGE_SUMMARY_COUNT]: number;
  readonly [SummaryField.REQUEST_COUNT]: number;
  readonly [SummaryField.USER_INTERACTION_COUNT]: number;
  readonly [SummaryField.VIEW_SUMMARY_COUNT]: number;
  readonly [SummaryField.ERROR_COUNT]: number;
  readonly [SummaryField.ERROR_HTTP_4XX_COUNT]: number;
  readonly [SummaryField.ERROR_HTTP_5XX_COUNT]: number;
  readonly [SummaryField.ERROR_ANR_COUNT]: number;
  readonly [SummaryField.ERROR_CSP_VIOLATION_COUNT]: number;
  readonly [SummaryField.ERROR_HAS_CRASH]: boolean;
  readonly [SummaryField.HAS_REPLAY]: boolean;
  readonly [SummaryField.IS_INVALID]: boolean;
  readonly [SummaryField.IS_BOUNCE]: boolean;
  readonly [SummaryField.HAS_RAGE_CLICK]: boolean;
  readonly [SummaryField.HAS_ERROR]: boolean;
  readonly [SummaryField.ACTION_COUNT]: number;
  readonly [SummaryField.RAGE_CLICK_COUNT]: number;
  readonly [SummaryField.DEAD_CLICK_COUNT]: number;
  readonly [SummaryField.UX_SCORE]: UxScore;
  /** Apdex of the session's user actions; absent when it had none. */
  readonly [SummaryField.APDEX]?: number;
  readonly [SummaryField.CONVERTED]: boolean;
  /** Names of the goals reached, in configuration order. */
  readonly [SummaryField.CONVERSION_GOALS]: readonly string[];
  /** Page groups of the first and the last event. */
  readonly [SummaryField.ENTRY_PAGE]: string;
  readonly [SummaryField.EXIT_PAGE]: string;
  /** The last user tag, by event time. */
  readonly [SummaryField.USER_TAG]?: string;
  readonly [SummaryField.USER_TYPE]: UserType;
  readonly [SummaryField.BROWSER_NAME]?: string;
  readonly [SummaryField.BROWSER_VERSION]?: string;
  readonly [SummaryField.BROWSER_WINDOW_WIDTH]?: number;
  readonly [SummaryField.BROWSER_WINDOW_HEIGHT]?: number;
  readonly [SummaryField.OS_NAME]?: string;
  readonly [SummaryField.OS_VERSION]?: string;
  readonly [SummaryField.DEVICE_TYPE]: DeviceType;
  readonly [SummaryField.DEVICE_MANUFACTURER]?: string;
  readonly [SummaryField.DEVICE_MODEL]?: string;
  readonly [SummaryField.DEVICE_SCREEN_WIDTH]?: number;
  readonly [SummaryField.DEVICE_SCREEN_HEIGHT]?: number;
  readonly [SummaryField.GEO_COUNTRY_ISO_CODE]?: string;
  readonly [SummaryField.CLIENT_ADDRESS]?: string;
  readonly [sessionProperty: `session_properties.${string}`]: ScalarValue;
}

/**
 * What the metrics need about one ended session beyond its summary: the page groups it visited with
 * its behaviour on each (for `rum_session_segments_total`) and its entry and exit page groups.
 */
export interface EndedSession {
  readonly summary: SessionSummary;
  readonly pageGroups: readonly PageGroupVisit[];
}

export interface PageGroupVisit {
  readonly pageGroup: string;
  readonly rageClicked: boolean;
  readonly hadError: boolean;
}

/** How each user action of a batch was rated, for the action metrics. */
export type ActionRatings = ReadonlyMap<RumSpan, ApdexRating>;
