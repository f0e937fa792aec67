// Recording rules (Prometheus naming: `level:metric:operations`). Dashboards and alerts read these
// instead of recomputing ratios, and each one's output labels are typed, so a panel that groups a
// recorded series by a label the rule aggregated away does not compile.
import { ApdexRating, Label, Metric, StatusClass } from '@otel-rum/semconv';
import {
  type Family,
  family,
  type LabelsOf,
  type Matchers,
  over,
  rate,
  ratio,
  regex,
  scale,
  sumBy,
  union,
  type Vector,
} from '../promql/vector.js';

/** Boolean labels (`bounce`, `converted`) hold these strings (semconv: `"true"` / `"false"`). */
export const LABEL_TRUE = 'true';
export const LABEL_FALSE = 'false';

/** Short window: what alerts fire on. Long window: ratios over ended sessions, which trickle in. */
const SHORT_WINDOW = '5m';
const LONG_WINDOW = '1h';

export interface RecordingRule<L extends Label> extends Family<L> {
  readonly expr: string;
}

/** `app_page_group:rum_apdex:ratio_rate5m`: the aggregation level is the labels kept. */
function record<L extends Label>(quantity: string, operation: string, vector: Vector<L>): RecordingRule<L> {
  return { name: `${vector.labels.join('_')}:${quantity}:${operation}`, labels: vector.labels, expr: vector.expr };
}

/** `rum_errors_total` → `rum_errors`: recorded names drop the counter suffix (Prometheus convention). */
const quantityOf = (metric: Metric): string => metric.replace(/_total$/, '');

const userActions = family(Metric.USER_ACTIONS);
const errors = family(Metric.ERRORS);
const requests = family(Metric.REQUESTS);
const sessionsEnded = family(Metric.SESSIONS_ENDED);
const sessionSegments = family(Metric.SESSION_SEGMENTS);
const rageClicks = family(Metric.RAGE_CLICKS);

const APP = [Label.APP] as const;
const APP_PAGE_GROUP = [Label.APP, Label.PAGE_GROUP] as const;
const APP_PAGE_GROUP_SEGMENT = [Label.APP, Label.PAGE_GROUP, Label.SEGMENT] as const;

type ActionLabel = LabelsOf<typeof Metric.USER_ACTIONS>;

/** Apdex = (satisfied + tolerating / 2) / all actions (SPEC §4), as a ratio of rates. */
export function apdex<K extends ActionLabel>(by: readonly K[], window: string, matchers: Matchers<ActionLabel> = {}): Vector<K> {
  const satisfied = rate(over(userActions, { ...matchers, [Label.APDEX]: ApdexRating.SATISFIED }), window);
  const tolerating = rate(over(userActions, { ...matchers, [Label.APDEX]: ApdexRating.TOLERATING }), window);
  return ratio(sumBy(by, union(satisfied, scale(0.5, tolerating))), sumBy(by, rate(over(userActions, matchers), window)));
}

/** The request status classes that count as failed requests. */
const FAILED_STATUS_CLASSES = [StatusClass.CLIENT_ERROR, StatusClass.SERVER_ERROR, StatusClass.NETWORK_ERROR] as const;
export const failedStatusClassPattern = FAILED_STATUS_CLASSES.join('|');

export const Recorded = {
  userActionsRate: record(quantityOf(Metric.USER_ACTIONS), `rate${SHORT_WINDOW}`, sumBy(APP, rate(over(userActions), SHORT_WINDOW))),
  pageGroupApdex: record('rum_apdex', `ratio_rate${SHORT_WINDOW}`, apdex(APP_PAGE_GROUP, SHORT_WINDOW)),
  appApdex: record('rum_apdex', `ratio_rate${SHORT_WINDOW}`, apdex(APP, SHORT_WINDOW)),
  errorsRate: record(quantityOf(Metric.ERRORS), `rate${SHORT_WINDOW}`, sumBy(APP, rate(over(errors), SHORT_WINDOW))),
  errorsRateLong: record(quantityOf(Metric.ERRORS), `rate${LONG_WINDOW}`, sumBy(APP, rate(over(errors), LONG_WINDOW))),
  /** Error rate: JavaScript, request, custom… errors per user action, per page group. */
  errorsPerAction: record(
    'rum_errors_per_action',
    `ratio_rate${SHORT_WINDOW}`,
    ratio(sumBy(APP_PAGE_GROUP, rate(over(errors), SHORT_WINDOW)), sumBy(APP_PAGE_GROUP, rate(over(userActions), SHORT_WINDOW))),
  ),
  /** Share of requests answered 4xx/5xx or never answered. */
  requestErrors: record(
    'rum_request_errors',
    `ratio_rate${SHORT_WINDOW}`,
    ratio(
      sumBy(APP, rate(over(requests, { [Label.STATUS_CLASS]: regex(failedStatusClassPattern) }), SHORT_WINDOW)),
      sumBy(APP, rate(over(requests), SHORT_WINDOW)),
    ),
  ),
  bounce: record(
    'rum_bounce',
    `ratio_rate${LONG_WINDOW}`,
    ratio(sumBy(APP, rate(over(sessionsEnded, { [Label.BOUNCE]: LABEL_TRUE }), LONG_WINDOW)), sumBy(APP, rate(over(sessionsEnded), LONG_WINDOW))),
  ),
  /** Sessions per second that visited a page group, by their behaviour there. */
  segmentSessions: record(quantityOf(Metric.SESSION_SEGMENTS), `rate${LONG_WINDOW}`, sumBy(APP_PAGE_GROUP_SEGMENT, rate(over(sessionSegments), LONG_WINDOW))),
  /** Conversion rate per behaviour segment: the clean segment's is the baseline the others are held against. */
  segmentConversion: record(
    'rum_conversion',
    `ratio_rate${LONG_WINDOW}`,
    ratio(
      sumBy(APP_PAGE_GROUP_SEGMENT, rate(over(sessionSegments, { [Label.CONVERTED]: LABEL_TRUE }), LONG_WINDOW)),
      sumBy(APP_PAGE_GROUP_SEGMENT, rate(over(sessionSegments), LONG_WINDOW)),
    ),
  ),
  // Rage clicks are counted as they happen and sessions when they end; over an hour the two line up.
  pageGroupRageClicksPer1kSessions: record(
    'rum_rage_clicks_per_1k_sessions',
    `ratio_rate${LONG_WINDOW}`,
    scale(1000, ratio(sumBy(APP_PAGE_GROUP, rate(over(rageClicks), LONG_WINDOW)), sumBy(APP_PAGE_GROUP, rate(over(sessionSegments), LONG_WINDOW)))),
  ),
  appRageClicksPer1kSessions: record(
    'rum_rage_clicks_per_1k_sessions',
    `ratio_rate${LONG_WINDOW}`,
    scale(1000, ratio(sumBy(APP, rate(over(rageClicks), LONG_WINDOW)), sumBy(APP, rate(over(sessionsEnded), LONG_WINDOW)))),
  ),
  rageClicksRate: record(quantityOf(Metric.RAGE_CLICKS), `rate${SHORT_WINDOW}`, sumBy(APP, rate(over(rageClicks), SHORT_WINDOW))),
  rageClicksRateLong: record(quantityOf(Metric.RAGE_CLICKS), `rate${LONG_WINDOW}`, sumBy(APP, rate(over(rageClicks), LONG_WINDOW))),
} as const;

export const RECORDING_RULES: readonly RecordingRule<Label>[] = Object.values(Recorded);
