// Prometheus metric and label names (SPEC §6). Dashboards, rules and the processor import these,
// so a rename is one edit here and a compile error everywhere else.

export const Metric = {
  // Sessions
  SESSIONS_ENDED: 'rum_sessions_ended_total',
  ACTIVE_SESSIONS: 'rum_active_sessions',
  SESSION_DURATION: 'rum_session_duration_seconds',
  SESSION_ACTIONS: 'rum_session_actions',
  CONVERSIONS: 'rum_conversions_total',
  /**
   * One count per ended session and page group it visited, labelled with the session's behaviour
   * on that page group (`segment`: rage_click when it rage-clicked there, else error when an error
   * happened there, else clean) and whether the session converted. Conversion rate per segment and
   * page group is `converted="true"` over all; "rage clicks on checkout cost N conversions" is the
   * clean segment's rate minus the rage_click segment's, times the rage_click segment's sessions.
   */
  SESSION_SEGMENTS: 'rum_session_segments_total',
  // User actions
  USER_ACTIONS: 'rum_user_actions_total',
  USER_ACTION_DURATION: 'rum_user_action_duration_seconds',
  // Errors, requests, frustration
  ERRORS: 'rum_errors_total',
  REQUESTS: 'rum_requests_total',
  RAGE_CLICKS: 'rum_rage_clicks_total',
  DEAD_CLICKS: 'rum_dead_clicks_total',
  ERROR_CLICKS: 'rum_error_clicks_total',
  // Pages
  PAGE_VIEWS: 'rum_page_views_total',
  ENTRY_PAGES: 'rum_entry_pages_total',
  EXIT_PAGES: 'rum_exit_pages_total',
  // Web vitals: one histogram per vital (their units and buckets differ) and a rating counter.
  WEB_VITAL_LCP: 'rum_web_vital_lcp_seconds',
  WEB_VITAL_INP: 'rum_web_vital_inp_seconds',
  WEB_VITAL_FCP: 'rum_web_vital_fcp_seconds',
  WEB_VITAL_TTFB: 'rum_web_vital_ttfb_seconds',
  WEB_VITAL_CLS: 'rum_web_vital_cls',
  WEB_VITAL_RATINGS: 'rum_web_vital_ratings_total',
  // The processor's own health
  SPANS_RECEIVED: 'rum_processor_spans_received_total',
  SPANS_REJECTED: 'rum_processor_spans_rejected_total',
  REQUESTS_REJECTED: 'rum_processor_requests_rejected_total',
  /** Attributes dropped or values cut by the limits; their spans were kept. */
  ATTRIBUTES_LIMITED: 'rum_processor_attributes_limited_total',
  OPEN_SESSIONS: 'rum_processor_open_sessions',
  EXPORTS_FAILED: 'rum_processor_exports_failed_total',
} as const;
export type Metric = (typeof Metric)[keyof typeof Metric];

export const Label = {
  APP: 'app',
  PAGE_GROUP: 'page_group',
  ACTION_TYPE: 'action_type',
  ERROR_TYPE: 'error_type',
  APDEX: 'apdex',
  UX_SCORE: 'ux_score',
  END_REASON: 'end_reason',
  BOUNCE: 'bounce',
  CONVERTED: 'converted',
  SEGMENT: 'segment',
  USER_TYPE: 'user_type',
  BROWSER: 'browser',
  DEVICE_TYPE: 'device_type',
  GOAL: 'goal',
  STATUS_CLASS: 'status_class',
  VITAL: 'vital',
  RATING: 'rating',
  REASON: 'reason',
  TRANSPORT: 'transport',
  EXPORTER: 'exporter',
  // The synthetic runner's (see SyntheticLabel below).
  MONITOR: 'monitor',
  MONITOR_TYPE: 'monitor_type',
  LOCATION: 'location',
  STEP: 'step',
  RESULT: 'result',
} as const;
export type Label = (typeof Label)[keyof typeof Label];

/**
 * The labels each metric family carries, so the processor that writes them and the dashboards and
 * rules that query them agree. Histograms add `le`; boolean labels hold `"true"` / `"false"`.
 */
export const MetricLabels = {
  [Metric.SESSIONS_ENDED]: [Label.APP, Label.UX_SCORE, Label.END_REASON, Label.BOUNCE, Label.CONVERTED, Label.USER_TYPE],
  [Metric.ACTIVE_SESSIONS]: [Label.APP],
  [Metric.SESSION_DURATION]: [Label.APP],
  [Metric.SESSION_ACTIONS]: [Label.APP],
  [Metric.CONVERSIONS]: [Label.APP, Label.GOAL],
  [Metric.SESSION_SEGMENTS]: [Label.APP, Label.PAGE_GROUP, Label.SEGMENT, Label.CONVERTED],
  [Metric.USER_ACTIONS]: [Label.APP, Label.PAGE_GROUP, Label.ACTION_TYPE, Label.APDEX],
  [Metric.USER_ACTION_DURATION]: [Label.APP, Label.PAGE_GROUP, Label.ACTION_TYPE],
  [Metric.ERRORS]: [Label.APP, Label.PAGE_GROUP, Label.ERROR_TYPE],
  [Metric.REQUESTS]: [Label.APP, Label.PAGE_GROUP, Label.STATUS_CLASS],
  [Metric.RAGE_CLICKS]: [Label.APP, Label.PAGE_GROUP],
  [Metric.DEAD_CLICKS]: [Label.APP, Label.PAGE_GROUP],
  [Metric.ERROR_CLICKS]: [Label.APP, Label.PAGE_GROUP],
  [Metric.PAGE_VIEWS]: [Label.APP, Label.PAGE_GROUP],
  [Metric.ENTRY_PAGES]: [Label.APP, Label.PAGE_GROUP],
  [Metric.EXIT_PAGES]: [Label.APP, Label.PAGE_GROUP],
  [Metric.WEB_VITAL_LCP]: [Label.APP, Label.PAGE_GROUP],
  [Metric.WEB_VITAL_INP]: [Label.APP, Label.PAGE_GROUP],
  [Metric.WEB_VITAL_FCP]: [Label.APP, Label.PAGE_GROUP],
  [Metric.WEB_VITAL_TTFB]: [Label.APP, Label.PAGE_GROUP],
  [Metric.WEB_VITAL_CLS]: [Label.APP, Label.PAGE_GROUP],
  [Metric.WEB_VITAL_RATINGS]: [Label.APP, Label.PAGE_GROUP, Label.VITAL, Label.RATING],
  [Metric.SPANS_RECEIVED]: [Label.TRANSPORT],
  [Metric.SPANS_REJECTED]: [Label.REASON],
  [Metric.REQUESTS_REJECTED]: [Label.REASON],
  [Metric.ATTRIBUTES_LIMITED]: [Label.REASON],
  [Metric.OPEN_SESSIONS]: [],
  [Metric.EXPORTS_FAILED]: [Label.EXPORTER],
} as const satisfies Record<Metric, readonly Label[]>;

/** Values of the `status_class` label of `rum_requests_total`. */
export const StatusClass = {
  INFORMATIONAL: '1xx',
  SUCCESS: '2xx',
  REDIRECTION: '3xx',
  CLIENT_ERROR: '4xx',
  SERVER_ERROR: '5xx',
  /** The request never got a response (network failure, CORS, abort). */
  NETWORK_ERROR: 'network_error',
} as const;
export type StatusClass = (typeof StatusClass)[keyof typeof StatusClass];

/** Where page groups overflow once an application reaches its cap. */
export const PAGE_GROUP_OVERFLOW = 'other';

/** The exemplar label that links an action-duration bucket to its trace in Tempo. */
export const EXEMPLAR_TRACE_ID = 'trace_id';

/**
 * Values of the `reason` label of the processor's `rum_processor_requests_rejected_total` (a whole
 * request refused with a 4xx) and `rum_processor_spans_rejected_total` (spans dropped and counted).
 */
export const RejectReason = {
  /** Request body above the configured size (413). */
  BODY_TOO_LARGE: 'body_too_large',
  /** Decompressed body above the configured size: a gzip bomb (413). */
  DECOMPRESSED_TOO_LARGE: 'decompressed_too_large',
  /** Not decodable as OTLP protobuf or JSON, or a broken gzip stream (400). */
  MALFORMED: 'malformed',
  /** A content type or encoding the receiver does not speak (415). */
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  /** `dt.rum.application.id` not configured (403 from browsers, counted drop behind a Collector). */
  UNKNOWN_APPLICATION: 'unknown_application',
  /** The browser's Origin is not on the application's CORS allow-list (403). */
  ORIGIN_NOT_ALLOWED: 'origin_not_allowed',
  /** The client exceeded its request rate (429). */
  RATE_LIMITED: 'rate_limited',
  /** A span timestamp too far in the past or future, after clock-skew correction. */
  TIMESTAMP_OUT_OF_RANGE: 'timestamp_out_of_range',
  /** A span without the RUM attributes (session id, event type, application id): ignored. */
  NOT_RUM: 'not_rum',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** Values of the `reason` label of `rum_processor_attributes_limited_total` (the spans are kept). */
export const AttributeLimitReason = {
  /** Attributes beyond the per-span count limit, dropped (counted per attribute). */
  COUNT_LIMIT: 'attribute_count_limit',
  /** Attribute values cut to the length limit (counted per value). */
  VALUE_TRUNCATED: 'attribute_value_truncated',
} as const;
export type AttributeLimitReason = (typeof AttributeLimitReason)[keyof typeof AttributeLimitReason];

// --- The synthetic runner (@otel-rum/synthetic) ---------------------------------------------------
export const SyntheticMetric = {
  /** Runs by monitor, location and result; availability is success over all. */
  RUNS: 'rum_synthetic_runs_total',
  /** 1 when the monitor's last run at the location succeeded, else 0. */
  MONITOR_UP: 'rum_synthetic_monitor_up',
  RUN_DURATION: 'rum_synthetic_run_duration_seconds',
  STEP_DURATION: 'rum_synthetic_step_duration_seconds',
  FAILURES: 'rum_synthetic_failures_total',
  /** 1 while the outage rule holds a problem open for the monitor at the location. */
  PROBLEMS_OPEN: 'rum_synthetic_problems_open',
  PROBLEMS_OPENED: 'rum_synthetic_problems_opened_total',
} as const;
export type SyntheticMetric = (typeof SyntheticMetric)[keyof typeof SyntheticMetric];

/** The labels of the runner's metrics: a subset of {@link Label}. */
export const SyntheticLabel = {
  MONITOR: Label.MONITOR,
  MONITOR_TYPE: Label.MONITOR_TYPE,
  LOCATION: Label.LOCATION,
  STEP: Label.STEP,
  RESULT: Label.RESULT,
  REASON: Label.REASON,
} as const;
export type SyntheticLabel = (typeof SyntheticLabel)[keyof typeof SyntheticLabel];

export const SyntheticMetricLabels = {
  [SyntheticMetric.RUNS]: [SyntheticLabel.MONITOR, SyntheticLabel.MONITOR_TYPE, SyntheticLabel.LOCATION, SyntheticLabel.RESULT],
  [SyntheticMetric.MONITOR_UP]: [SyntheticLabel.MONITOR, SyntheticLabel.MONITOR_TYPE, SyntheticLabel.LOCATION],
  [SyntheticMetric.RUN_DURATION]: [SyntheticLabel.MONITOR, SyntheticLabel.MONITOR_TYPE, SyntheticLabel.LOCATION],
  [SyntheticMetric.STEP_DURATION]: [SyntheticLabel.MONITOR, SyntheticLabel.LOCATION, SyntheticLabel.STEP],
  [SyntheticMetric.FAILURES]: [SyntheticLabel.MONITOR, SyntheticLabel.LOCATION, SyntheticLabel.REASON],
  [SyntheticMetric.PROBLEMS_OPEN]: [SyntheticLabel.MONITOR, SyntheticLabel.LOCATION],
  [SyntheticMetric.PROBLEMS_OPENED]: [SyntheticLabel.MONITOR, SyntheticLabel.LOCATION],
} as const satisfies Record<SyntheticMetric, readonly SyntheticLabel[]>;
