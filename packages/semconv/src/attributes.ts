// Span, resource and log attribute names. OpenTelemetry's semantic conventions where they exist,
// Dynatrace's `dt.rum.*` dictionary for RUM concepts OpenTelemetry lacks (SPEC §2).

// --- OpenTelemetry semantic conventions ---------------------------------------------------------
export const ATTR_SERVICE_NAME = 'service.name';
export const ATTR_SERVICE_VERSION = 'service.version';
export const ATTR_SESSION_ID = 'session.id';
export const ATTR_SESSION_PREVIOUS_ID = 'session.previous_id';
export const ATTR_URL_FULL = 'url.full';
export const ATTR_URL_PATH = 'url.path';
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_EXCEPTION_TYPE = 'exception.type';
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
export const ATTR_EXCEPTION_STACKTRACE = 'exception.stacktrace';
export const ATTR_USER_ID = 'user.id';
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original';
export const ATTR_USER_AGENT_SYNTHETIC_TYPE = 'user_agent.synthetic.type';
export const ATTR_BROWSER_LANGUAGE = 'browser.language';
export const ATTR_BROWSER_MOBILE = 'browser.mobile';
export const ATTR_BROWSER_PLATFORM = 'browser.platform';
export const ATTR_BROWSER_BRANDS = 'browser.brands';
export const ATTR_BROWSER_WEB_VITAL_NAME = 'browser.web_vital.name';
export const ATTR_BROWSER_WEB_VITAL_VALUE = 'browser.web_vital.value';
export const ATTR_BROWSER_WEB_VITAL_DELTA = 'browser.web_vital.delta';
export const ATTR_BROWSER_WEB_VITAL_ID = 'browser.web_vital.id';
export const ATTR_BROWSER_WEB_VITAL_RATING = 'browser.web_vital.rating';
export const ATTR_CLIENT_ADDRESS = 'client.address';
export const ATTR_GEO_COUNTRY_ISO_CODE = 'geo.country.iso_code';
export const ATTR_EVENT_NAME = 'event.name';
export const ATTR_TELEMETRY_SDK_NAME = 'telemetry.sdk.name';
export const ATTR_TELEMETRY_SDK_VERSION = 'telemetry.sdk.version';
export const ATTR_TELEMETRY_SDK_LANGUAGE = 'telemetry.sdk.language';

/** The span event OpenTelemetry records an exception as. */
export const SPAN_EVENT_EXCEPTION = 'exception';

// --- dt.rum.* -----------------------------------------------------------------------------------
export const ATTR_RUM_SESSION_ID = 'dt.rum.session.id';
export const ATTR_RUM_SESSION_END_REASON = 'dt.rum.session.end_reason';
export const ATTR_RUM_EVENT_TYPE = 'dt.rum.event.type';
export const ATTR_RUM_APPLICATION_ID = 'dt.rum.application.id';
export const ATTR_RUM_INSTANCE_ID = 'dt.rum.instance.id';
export const ATTR_RUM_ACTION_TYPE = 'dt.rum.action.type';
export const ATTR_RUM_ACTION_NAME = 'dt.rum.action.name';
export const ATTR_RUM_ACTION_TARGET = 'dt.rum.action.target';
export const ATTR_RUM_ERROR_TYPE = 'dt.rum.error.type';
export const ATTR_RUM_FRUSTRATION_CLICK_COUNT = 'dt.rum.frustration.click_count';
export const ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE = 'dt.rum.frustration.target_interactive';
export const ATTR_RUM_PAGE_REFERRER = 'dt.rum.page.referrer';
export const ATTR_RUM_USER_TAG = 'dt.rum.user_tag';
export const ATTR_RUM_USER_TYPE = 'dt.rum.user_type';
export const ATTR_RUM_BROWSER_WINDOW_WIDTH = 'dt.rum.browser.window.width';
export const ATTR_RUM_BROWSER_WINDOW_HEIGHT = 'dt.rum.browser.window.height';
export const ATTR_RUM_SCREEN_WIDTH = 'dt.rum.screen.width';
export const ATTR_RUM_SCREEN_HEIGHT = 'dt.rum.screen.height';
/**
 * On the `request` spans of a load action's resource timing waterfall (scripts, styles, images):
 * the PerformanceResourceTiming initiator type. Fetch/XHR request spans never carry it.
 */
export const ATTR_RUM_RESOURCE_INITIATOR_TYPE = 'dt.rum.resource.initiator_type';

/** `session_properties.<name>` carries a session property (SPEC §2). */
export const SESSION_PROPERTY_PREFIX = 'session_properties.';
export const sessionPropertyAttribute = (name: string): string => SESSION_PROPERTY_PREFIX + name;

/** The baggage member that carries the session id to backends (SPEC §2, requests). */
export const BAGGAGE_SESSION_ID = ATTR_SESSION_ID;

// --- DOM attributes the page author sets ----------------------------------------------------------
/** On an element or an ancestor: overrides the action name. */
export const DOM_ATTR_RUM_NAME = 'data-rum-name';
/** On an element or an ancestor: its clicks never count towards a rage click. */
export const DOM_ATTR_IGNORE_RAGE = 'data-rum-ignore-rage';

// --- Server-sent trace context for the page load (frontend ↔ backend) ---------------------------
/** `<meta name="traceparent" content="00-…">` in the HTML, and the `Server-Timing` metric name. */
export const TRACEPARENT_META_NAME = 'traceparent';
export const SERVER_TIMING_TRACEPARENT = 'traceparent';
