// Three sessions of RUM spans, shaped as @otel-rum/web emits them and exported with the official
// OTLP/HTTP exporter: a clean session that converts, a frustrated one (slow and failing actions,
// errors, rage/dead/error clicks, poor vitals) that the user ends, and a bounce. Between them they
// carry every event type, so every metric family gets series.
import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ActionType,
  ATTR_BROWSER_LANGUAGE,
  ATTR_BROWSER_WEB_VITAL_DELTA,
  ATTR_BROWSER_WEB_VITAL_ID,
  ATTR_BROWSER_WEB_VITAL_NAME,
  ATTR_BROWSER_WEB_VITAL_RATING,
  ATTR_BROWSER_WEB_VITAL_VALUE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TARGET,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_APPLICATION_ID,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_FRUSTRATION_CLICK_COUNT,
  ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE,
  ATTR_RUM_INSTANCE_ID,
  ATTR_RUM_PAGE_REFERRER,
  ATTR_RUM_SESSION_END_REASON,
  ATTR_RUM_SESSION_ID,
  ATTR_RUM_USER_TAG,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_SESSION_ID,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_ID,
  ErrorType,
  EventType,
  generateSessionId,
  SessionEndReason,
  sessionPropertyAttribute,
  SPAN_EVENT_EXCEPTION,
  WebVitalName,
  WebVitalRating,
} from '@otel-rum/semconv';

export const SITE = 'https://shop.example.com';
export const CONVERSION_PAGE = '/checkout/done';

const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export interface SentTraffic {
  readonly sessionIds: readonly string[];
  /** Trace ids of the user actions sent: the exemplars on the action-duration histogram. */
  readonly actionTraceIds: readonly string[];
}

/** One export per flush, as the web SDK's batch processor does. */
const batchTo = (tracesUrl: string) =>
  new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }), { maxQueueSize: 1_000, maxExportBatchSize: 1_000, scheduledDelayMillis: 60_000 });

/** Milliseconds → the [seconds, nanoseconds] time the OTel API takes. */
const at = (epochMs: number): [number, number] => [Math.floor(epochMs / 1000), (epochMs % 1000) * 1e6];

export async function sendRumTraffic(tracesUrl: string, applicationId: string): Promise<SentTraffic> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: 'shop-web',
      [ATTR_SERVICE_VERSION]: '1.0.0',
      [ATTR_RUM_APPLICATION_ID]: applicationId,
      [ATTR_RUM_INSTANCE_ID]: generateSessionId(),
      [ATTR_USER_AGENT_ORIGINAL]: CHROME_ON_LINUX,
      [ATTR_BROWSER_LANGUAGE]: 'en-US',
    }),
    spanProcessors: [batchTo(tracesUrl)],
  });
  const tracer = provider.getTracer('@otel-rum/web');
  const actionTraceIds: string[] = [];
  const now = Date.now();

  const emit = (sessionId: string, eventType: EventType, path: string, startMs: number, durationMs: number, attributes: Attributes = {}, error = false) => {
    const span = tracer.startSpan(eventType, {
      startTime: at(startMs),
      attributes: {
        [ATTR_RUM_SESSION_ID]: sessionId,
        [ATTR_SESSION_ID]: sessionId,
        [ATTR_RUM_EVENT_TYPE]: eventType,
        [ATTR_URL_FULL]: `${SITE}${path}`,
        ...attributes,
      },
    });
    if (error) span.setStatus({ code: SpanStatusCode.ERROR });
    if (eventType === EventType.USER_ACTION) actionTraceIds.push(span.spanContext().traceId);
    return { span, end: () => span.end(at(startMs + durationMs)) };
  };
  const event = (...args: Parameters<typeof emit>) => emit(...args).end();
  const action = (sessionId: string, path: string, startMs: number, durationMs: number, actionType: ActionType, name: string, error = false) =>
    event(sessionId, EventType.USER_ACTION, path, startMs, durationMs, { [ATTR_RUM_ACTION_TYPE]: actionType, [ATTR_RUM_ACTION_NAME]: name }, error);
  const pageChange = (sessionId: string, path: string, startMs: number) =>
    event(sessionId, EventType.PAGE_CHANGE, path, startMs, 0, { [ATTR_URL_PATH]: path, [ATTR_RUM_PAGE_REFERRER]: SITE });
  const request = (sessionId: string, path: string, startMs: number, status: number | undefined) =>
    event(
      sessionId,
      EventType.REQUEST,
      path,
      startMs,
      120,
      {
        [ATTR_HTTP_REQUEST_METHOD]: 'POST',
        [ATTR_SERVER_ADDRESS]: 'shop.example.com',
        ...(status === undefined ? {} : { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status }),
      },
      status === undefined || status >= 400,
    );
  const vital = (sessionId: string, path: string, startMs: number, name: WebVitalName, value: number, rating: WebVitalRating) =>
    event(sessionId, EventType.WEB_VITAL, path, startMs, 0, {
      [ATTR_BROWSER_WEB_VITAL_NAME]: name,
      [ATTR_BROWSER_WEB_VITAL_VALUE]: value,
      [ATTR_BROWSER_WEB_VITAL_DELTA]: value,
      [ATTR_BROWSER_WEB_VITAL_ID]: `v5-${name}-${startMs}`,
      [ATTR_BROWSER_WEB_VITAL_RATING]: rating,
    });

  // 1. A clean session that converts: satisfied and tolerating actions, good vitals, a user tag.
  const clean = generateSessionId();
  let t = now - 40_000;
  event(clean, EventType.SESSION_START, '/products/42', t, 0);
  pageChange(clean, '/products/42', t);
  action(clean, '/products/42', t, 1_200, ActionType.LOAD, 'loading of page /products/42');
  request(clean, '/products/42', t + 100, 200);
  for (const [name, value] of [
    [WebVitalName.LCP, 1_800],
    [WebVitalName.INP, 120],
    [WebVitalName.CLS, 0.02],
    [WebVitalName.FCP, 900],
    [WebVitalName.TTFB, 300],
  ] as const) {
    vital(clean, '/products/42', t + 1_500, name, value, WebVitalRating.GOOD);
  }
  event(clean, EventType.USER_TAG, '/products/42', t + 2_000, 0, { [ATTR_RUM_USER_TAG]: 'alice@example.com', [ATTR_USER_ID]: 'alice@example.com' });
  event(clean, EventType.SESSION_PROPERTY, '/products/42', t + 2_100, 0, { [sessionPropertyAttribute('plan')]: 'gold' });
  t += 5_000;
  action(clean, '/products/42', t, 800, ActionType.XHR, 'click on "Add to cart"');
  request(clean, '/products/42', t + 50, 201);
  t += 3_000;
  pageChange(clean, CONVERSION_PAGE, t);
  action(clean, CONVERSION_PAGE, t, 5_000, ActionType.ROUTE_CHANGE, `route change to ${CONVERSION_PAGE}`);

  // 2. A frustrated session on checkout, ended by the user.
  const frustrated = generateSessionId();
  t = now - 38_000;
  event(frustrated, EventType.SESSION_START, '/checkout', t, 0);
  pageChange(frustrated, '/checkout', t);
  action(frustrated, '/checkout', t, 20_000, ActionType.LOAD, 'loading of page /checkout');
  for (const [name, value] of [
    [WebVitalName.LCP, 6_500],
    [WebVitalName.INP, 900],
    [WebVitalName.CLS, 0.4],
    [WebVitalName.FCP, 4_000],
    [WebVitalName.TTFB, 2_500],
  ] as const) {
    vital(frustrated, '/checkout', t + 20_000, name, value, WebVitalRating.POOR);
  }
  t += 21_000;
  action(frustrated, '/checkout', t, 2_000, ActionType.XHR, 'click on "Pay"', true);
  request(frustrated, '/checkout', t + 100, 500);
  request(frustrated, '/checkout', t + 200, undefined);
  event(frustrated, EventType.ERROR, '/checkout', t + 300, 0, { [ATTR_RUM_ERROR_TYPE]: ErrorType.REQUEST, [ATTR_HTTP_RESPONSE_STATUS_CODE]: 500 }, true);
  const jsError = emit(frustrated, EventType.ERROR, '/checkout', t + 400, 0, { [ATTR_RUM_ERROR_TYPE]: ErrorType.JAVASCRIPT }, true);
  jsError.span.addEvent(SPAN_EVENT_EXCEPTION, {
    [ATTR_EXCEPTION_TYPE]: 'TypeError',
    [ATTR_EXCEPTION_MESSAGE]: "Cannot read properties of undefined (reading 'total')",
    [ATTR_EXCEPTION_STACKTRACE]: 'TypeError: Cannot read properties of undefined\n    at pay (checkout.js:12:5)',
  });
  jsError.end();
  event(frustrated, EventType.RAGE_CLICK, '/checkout', t + 2_500, 0, { [ATTR_RUM_FRUSTRATION_CLICK_COUNT]: 5, [ATTR_RUM_ACTION_TARGET]: 'button#pay' });
  event(frustrated, EventType.DEAD_CLICK, '/checkout', t + 4_000, 0, { [ATTR_RUM_ACTION_TARGET]: 'div.total', [ATTR_RUM_FRUSTRATION_TARGET_INTERACTIVE]: false });
  event(frustrated, EventType.ERROR_CLICK, '/checkout', t + 5_000, 0, { [ATTR_RUM_ACTION_TARGET]: 'button#pay' });
  event(frustrated, EventType.SESSION_END, '/checkout', t + 6_000, 0, { [ATTR_RUM_SESSION_END_REASON]: SessionEndReason.API });

  // 3. A bounce: one page load, then nothing.
  const bounce = generateSessionId();
  t = now - 30_000;
  event(bounce, EventType.SESSION_START, '/products/7', t, 0);
  pageChange(bounce, '/products/7', t);
  action(bounce, '/products/7', t, 2_000, ActionType.LOAD, 'loading of page /products/7');

  await provider.forceFlush();
  await provider.shutdown();
  return { sessionIds: [clean, frustrated, bounce], actionTraceIds };
}

/**
 * One session that stays open (its application's inactivity timeout is long), for the active-session
 * gauges. Returns the trace id of its one user action.
 */
export async function sendOpenSession(tracesUrl: string, applicationId: string): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'kiosk', [ATTR_RUM_APPLICATION_ID]: applicationId, [ATTR_RUM_INSTANCE_ID]: generateSessionId() }),
    spanProcessors: [batchTo(tracesUrl)],
  });
  const sessionId = generateSessionId();
  const start = Date.now() - 2_000;
  const span = provider.getTracer('@otel-rum/node').startSpan(EventType.USER_ACTION, {
    startTime: at(start),
    attributes: {
      [ATTR_RUM_SESSION_ID]: sessionId,
      [ATTR_SESSION_ID]: sessionId,
      [ATTR_RUM_EVENT_TYPE]: EventType.USER_ACTION,
      [ATTR_RUM_ACTION_TYPE]: ActionType.CUSTOM,
      [ATTR_RUM_ACTION_NAME]: 'print ticket',
      [ATTR_URL_FULL]: 'app://kiosk/tickets',
    },
  });
  span.end(at(start + 500));
  await provider.forceFlush();
  await provider.shutdown();
  return span.spanContext().traceId;
}
