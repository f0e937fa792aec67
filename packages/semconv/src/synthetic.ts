// Synthetic monitoring (@otel-rum/synthetic): the runner's span attributes, its metrics and labels,
// and the contract by which pages under test learn that their visitor is a robot of ours.

// --- The contract with pages under test (web SDK, processor) -----------------------------------
/**
 * A browser or clickpath run defines `window.__OTEL_RUM_SYNTHETIC__` (a {@link SyntheticPageMarker})
 * before any page script runs. The web SDK reads it at `initRum` and then sets
 * `dt.rum.user_type = synthetic` and `user_agent.synthetic.type = test` on its resource.
 */
export const SYNTHETIC_PAGE_MARKER_GLOBAL = '__OTEL_RUM_SYNTHETIC__';

/** The runner appends `<token>/<version> (monitor=…; location=…)` to Chromium's user agent. */
export const SYNTHETIC_USER_AGENT_TOKEN = 'OtelRumSynthetic';

/** `user_agent.synthetic.type` values (OpenTelemetry semantic conventions). */
export const SyntheticType = {
  TEST: 'test',
  BOT: 'bot',
} as const;
export type SyntheticType = (typeof SyntheticType)[keyof typeof SyntheticType];

/** What `window.__OTEL_RUM_SYNTHETIC__` holds during a synthetic run. */
export interface SyntheticPageMarker {
  /** Always `test`: the value for `user_agent.synthetic.type`. */
  readonly type: SyntheticType;
  readonly monitorId: string;
  readonly location: string;
  /** The run span's trace and span ids, so RUM spans can link to the run that caused them. */
  readonly traceId: string;
  readonly spanId: string;
}

/** True when a user agent string carries the runner's marker. */
export const isSyntheticUserAgent = (userAgent: string): boolean => userAgent.includes(`${SYNTHETIC_USER_AGENT_TOKEN}/`);

// --- Span attributes of the runner's own spans ------------------------------------------------
export const ATTR_SYNTHETIC_MONITOR_ID = 'dt.rum.synthetic.monitor.id';
export const ATTR_SYNTHETIC_MONITOR_NAME = 'dt.rum.synthetic.monitor.name';
export const ATTR_SYNTHETIC_MONITOR_TYPE = 'dt.rum.synthetic.monitor.type';
export const ATTR_SYNTHETIC_LOCATION = 'dt.rum.synthetic.location';
export const ATTR_SYNTHETIC_RUN_ID = 'dt.rum.synthetic.run.id';
export const ATTR_SYNTHETIC_RUN_TRIGGER = 'dt.rum.synthetic.run.trigger';
export const ATTR_SYNTHETIC_RESULT = 'dt.rum.synthetic.result';
export const ATTR_SYNTHETIC_FAILURE_REASON = 'dt.rum.synthetic.failure.reason';
export const ATTR_SYNTHETIC_STEP_NAME = 'dt.rum.synthetic.step.name';
export const ATTR_SYNTHETIC_STEP_INDEX = 'dt.rum.synthetic.step.index';
export const ATTR_SYNTHETIC_STEP_ACTION = 'dt.rum.synthetic.step.action';
export const ATTR_SYNTHETIC_THRESHOLD_MS = 'dt.rum.synthetic.threshold_ms';
export const ATTR_SYNTHETIC_PROBLEM_OPEN = 'dt.rum.synthetic.problem.open';
/** Navigation timing of a page a browser step loaded, in ms from navigation start. */
export const ATTR_SYNTHETIC_PAGE_TTFB_MS = 'dt.rum.synthetic.page.ttfb_ms';
export const ATTR_SYNTHETIC_PAGE_DOM_CONTENT_LOADED_MS = 'dt.rum.synthetic.page.dom_content_loaded_ms';
export const ATTR_SYNTHETIC_PAGE_LOAD_MS = 'dt.rum.synthetic.page.load_ms';

/** Span events on a run span when the outage rule opens or closes a problem. */
export const SPAN_EVENT_SYNTHETIC_PROBLEM_OPENED = 'dt.rum.synthetic.problem_opened';
export const SPAN_EVENT_SYNTHETIC_PROBLEM_CLOSED = 'dt.rum.synthetic.problem_closed';

export const MonitorType = {
  HTTP: 'http',
  BROWSER: 'browser',
  CLICKPATH: 'clickpath',
} as const;
export type MonitorType = (typeof MonitorType)[keyof typeof MonitorType];
export const MONITOR_TYPES = Object.freeze(Object.values(MonitorType));

export const SyntheticResult = {
  SUCCESS: 'success',
  FAILURE: 'failure',
} as const;
export type SyntheticResult = (typeof SyntheticResult)[keyof typeof SyntheticResult];

/** Why a run failed; bounded, so it can be a label. */
export const SyntheticFailureReason = {
  /** A status, text or JSON assertion did not hold. */
  ASSERTION: 'assertion',
  /** A step or the whole run took longer than its performance threshold. */
  THRESHOLD: 'threshold',
  /** A step did not finish within its timeout (element never appeared, server never answered). */
  TIMEOUT: 'timeout',
  /** Connection refused, DNS, TLS, browser crash: no answer to judge. */
  NETWORK: 'network',
  /** A vault reference could not be resolved. */
  CREDENTIAL: 'credential',
} as const;
export type SyntheticFailureReason = (typeof SyntheticFailureReason)[keyof typeof SyntheticFailureReason];
export const SYNTHETIC_FAILURE_REASONS = Object.freeze(Object.values(SyntheticFailureReason));

export const SyntheticRunTrigger = {
  SCHEDULE: 'schedule',
  ON_DEMAND: 'on_demand',
} as const;
export type SyntheticRunTrigger = (typeof SyntheticRunTrigger)[keyof typeof SyntheticRunTrigger];
