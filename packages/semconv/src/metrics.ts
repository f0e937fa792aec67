// Prometheus metric and label names (SPEC §6). Dashboards, rules and the processor import these,
// so a rename is one edit here and a compile error everywhere else.

export const Metric = {
  // Sessions
  SESSIONS_ENDED: 'rum_sessions_ended_total',
  ACTIVE_SESSIONS: 'rum_active_sessions',
  SESSION_DURATION: 'rum_session_duration_seconds',
  SESSION_ACTIONS: 'rum_session_actions',
  CONVERSIONS: 'rum_conversions_total',
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
} as const;
export type Label = (typeof Label)[keyof typeof Label];

/** Where page groups overflow once an application reaches its cap. */
export const PAGE_GROUP_OVERFLOW = 'other';

/** The exemplar label that links an action-duration bucket to its trace in Tempo. */
export const EXEMPLAR_TRACE_ID = 'trace_id';
