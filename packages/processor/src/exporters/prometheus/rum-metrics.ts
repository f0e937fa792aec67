// The Prometheus metrics of SPEC §6, on prom-client. Names and labels come from semconv `Metric` and
// `MetricLabels`. Counts accumulate in plain maps keyed by the joined label values and reach the
// prom-client counters at scrape time (one inc per label set): a prom-client call per span, or even
// per label set and batch with small batches, would cost more than decoding the span.

import {
  ACTION_TYPES,
  ActionType,
  ATTR_BROWSER_WEB_VITAL_NAME,
  ATTR_BROWSER_WEB_VITAL_RATING,
  ATTR_BROWSER_WEB_VITAL_VALUE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_ERROR_TYPE,
  BehaviourSegment,
  ERROR_TYPES,
  ErrorType,
  EventType,
  Metric,
  MetricLabels,
  StatusClass,
  SummaryField,
  WEB_VITAL_RATINGS,
  WebVitalName,
} from '@otel-rum/semconv';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isApplicationRequest, type ActionRatings, type EndedSession, type RumSpan } from '../../model.js';
import { KeyedHistogram } from './keyed-histogram.js';
import { SeriesIndex } from './series-index.js';
import { renderExposition, type ExposedMetric } from './exposition.js';

/** What ingest reports about the processor's own health. */
export interface ProcessorHealth {
  spansReceived(transport: string, count: number): void;
  spansRejected(reason: string, count: number): void;
  attributesLimited(reason: string, count: number): void;
  requestsRejected(reason: string): void;
  exportsFailed(exporter: string, count?: number): void;
}

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsPage {
  readonly contentType: string;
  readonly body: string;
}

const ACTION_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 15, 30, 60];
const SESSION_DURATION_BUCKETS = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14_400, 28_800];
const SESSION_ACTIONS_BUCKETS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 200];
const WEB_VITAL_BUCKETS: Readonly<Record<WebVitalName, readonly number[]>> = {
  [WebVitalName.LCP]: [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10],
  [WebVitalName.INP]: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1],
  [WebVitalName.FCP]: [0.5, 1, 1.8, 2.5, 3, 4, 6],
  [WebVitalName.TTFB]: [0.1, 0.2, 0.4, 0.8, 1.2, 1.8, 3],
  [WebVitalName.CLS]: [0.01, 0.05, 0.1, 0.15, 0.25, 0.5, 1],
};
const WEB_VITAL_METRICS: Readonly<Record<WebVitalName, Metric>> = {
  [WebVitalName.LCP]: Metric.WEB_VITAL_LCP,
  [WebVitalName.INP]: Metric.WEB_VITAL_INP,
  [WebVitalName.FCP]: Metric.WEB_VITAL_FCP,
  [WebVitalName.TTFB]: Metric.WEB_VITAL_TTFB,
  [WebVitalName.CLS]: Metric.WEB_VITAL_CLS,
};

const KNOWN_ACTION_TYPES: ReadonlySet<string> = new Set(ACTION_TYPES);
const KNOWN_ERROR_TYPES: ReadonlySet<string> = new Set(ERROR_TYPES);
const KNOWN_VITAL_RATINGS: ReadonlySet<string> = new Set(WEB_VITAL_RATINGS);

type Labels = Record<string, string>;

const labelNames = (metric: Metric): string[] => [...MetricLabels[metric]];

/** Label values in the order of MetricLabels[metric], zipped into a prom-client label object. */
function labelsOf(metric: Metric, values: readonly string[]): Labels {
  const names = MetricLabels[metric];
  const labels: Labels = {};
  for (let index = 0; index < names.length; index++) labels[names[index] as string] = values[index] as string;
  return labels;
}

/** The counts of one counter family by label values, handed to its prom-client counter when scraped. */
class LabelledCounts {
  private readonly counts = new SeriesIndex((values) => ({ values, count: 0 }));

  constructor(private readonly metric: Metric) {}

  add(values: readonly string[], count = 1): void {
    this.counts.get(values).count += count;
  }

  /** Sets the counter to these counts (its collect hook). */
  copyInto(counter: Counter): void {
    counter.reset();
    for (const { values, count } of this.counts.values()) counter.inc(labelsOf(this.metric, values), count);
  }
}

const STATUS_CLASSES_BY_HUNDREDS: readonly StatusClass[] = [
  StatusClass.INFORMATIONAL,
  StatusClass.SUCCESS,
  StatusClass.REDIRECTION,
  StatusClass.CLIENT_ERROR,
  StatusClass.SERVER_ERROR,
];

function statusClassOf(status: unknown): StatusClass {
  if (typeof status !== 'number' || status < 100 || status >= 600) return StatusClass.NETWORK_ERROR;
  return STATUS_CLASSES_BY_HUNDREDS[Math.floor(status / 100) - 1] as StatusClass;
}

const bool = (value: boolean): string => (value ? 'true' : 'false');

export class RumMetrics implements ProcessorHealth {
  // This instance's own registry (not prom-client's global one), a container only: the pages are
  // written by renderExposition (see there why).
  private readonly registry = new Registry();
  private readonly counters = new Map<Metric, Counter>();
  private readonly counts = new Map<Metric, LabelledCounts>();
  private readonly actionDuration: KeyedHistogram;
  private readonly sessionDuration: Histogram;
  private readonly sessionActions: Histogram;
  private readonly webVitals = new Map<string, KeyedHistogram>();
  private readonly activeSessions: Gauge;
  private readonly openSessions: Gauge;

  constructor(private readonly clock: () => number = Date.now) {
    const registers = [this.registry];
    const counter = (metric: Metric, help: string) => {
      const counts = new LabelledCounts(metric);
      this.counts.set(metric, counts);
      this.counters.set(
        metric,
        new Counter({
          name: metric,
          help,
          labelNames: labelNames(metric),
          registers,
          collect(this: Counter) {
            counts.copyInto(this);
          },
        }),
      );
    };
    counter(Metric.SESSIONS_ENDED, 'Sessions ended, by UX score, end reason, bounce, conversion and user type.');
    counter(Metric.CONVERSIONS, 'Sessions that reached a conversion goal, by goal.');
    counter(Metric.SESSION_SEGMENTS, 'Ended sessions per page group visited, by behaviour there (segment) and conversion.');
    counter(Metric.USER_ACTIONS, 'User actions, by type, page group and Apdex rating.');
    counter(Metric.ERRORS, 'Errors, by type and page group.');
    counter(Metric.REQUESTS, 'Requests, by page group and status class.');
    counter(Metric.RAGE_CLICKS, 'Rage clicks, by page group.');
    counter(Metric.DEAD_CLICKS, 'Dead clicks, by page group.');
    counter(Metric.ERROR_CLICKS, 'Error clicks, by page group.');
    counter(Metric.PAGE_VIEWS, 'Page and view changes, by page group.');
    counter(Metric.ENTRY_PAGES, 'Ended sessions by the page group they entered on.');
    counter(Metric.EXIT_PAGES, 'Ended sessions by the page group they left from.');
    counter(Metric.WEB_VITAL_RATINGS, 'Web vital measurements, by vital and rating.');
    counter(Metric.SPANS_RECEIVED, 'Spans received, by transport.');
    counter(Metric.SPANS_REJECTED, 'Spans rejected, by reason.');
    counter(Metric.REQUESTS_REJECTED, 'Ingest requests rejected, by reason.');
    counter(Metric.ATTRIBUTES_LIMITED, 'Attributes dropped or values cut by the limits (their spans are kept), by reason.');
    counter(Metric.EXPORTS_FAILED, 'Session summaries an exporter lost (export failed after retries, or its queue overflowed), by exporter.');

    this.actionDuration = new KeyedHistogram(
      Metric.USER_ACTION_DURATION,
      'User action duration in seconds; exemplars link to the trace.',
      labelNames(Metric.USER_ACTION_DURATION),
      ACTION_DURATION_BUCKETS,
    );
    this.sessionDuration = new Histogram({
      name: Metric.SESSION_DURATION,
      help: 'Duration of ended sessions in seconds.',
      labelNames: labelNames(Metric.SESSION_DURATION),
      buckets: SESSION_DURATION_BUCKETS,
      registers,
    });
    this.sessionActions = new Histogram({
      name: Metric.SESSION_ACTIONS,
      help: 'User actions per ended session.',
      labelNames: labelNames(Metric.SESSION_ACTIONS),
      buckets: SESSION_ACTIONS_BUCKETS,
      registers,
    });
    for (const [vital, metric] of Object.entries(WEB_VITAL_METRICS)) {
      const unit = vital === WebVitalName.CLS ? '(unitless)' : 'in seconds';
      this.webVitals.set(vital, new KeyedHistogram(metric, `Web vital ${vital.toUpperCase()} ${unit}.`, labelNames(metric), WEB_VITAL_BUCKETS[vital as WebVitalName]));
    }
    this.activeSessions = new Gauge({
      name: Metric.ACTIVE_SESSIONS,
      help: 'Sessions open now, per application.',
      labelNames: labelNames(Metric.ACTIVE_SESSIONS),
      registers,
    });
    this.openSessions = new Gauge({ name: Metric.OPEN_SESSIONS, help: 'Sessions the processor holds open now.', registers });
  }

  private families(): ExposedMetric[] {
    return [...this.counters.values(), this.actionDuration, this.sessionDuration, this.sessionActions, ...this.webVitals.values(), this.activeSessions, this.openSessions];
  }

  private countsOf(metric: Metric): LabelledCounts {
    return this.counts.get(metric) as LabelledCounts;
  }

  /** Event-level metrics of a batch of spans, with the action ratings the sessionizer returned. */
  recordSpans(spans: readonly RumSpan[], ratings: ActionRatings): void {
    const actions = this.countsOf(Metric.USER_ACTIONS);
    const errors = this.countsOf(Metric.ERRORS);
    const requests = this.countsOf(Metric.REQUESTS);
    const rageClicks = this.countsOf(Metric.RAGE_CLICKS);
    const deadClicks = this.countsOf(Metric.DEAD_CLICKS);
    const errorClicks = this.countsOf(Metric.ERROR_CLICKS);
    const pageViews = this.countsOf(Metric.PAGE_VIEWS);
    const vitalRatings = this.countsOf(Metric.WEB_VITAL_RATINGS);
    const nowSeconds = this.clock() / 1000;
    for (const span of spans) {
      const app = span.applicationId;
      const pageGroup = span.pageGroup;
      const attributes = span.attributes;
      switch (span.eventType) {
        case EventType.USER_ACTION: {
          const declaredType = attributes[ATTR_RUM_ACTION_TYPE];
          const actionType = typeof declaredType === 'string' && KNOWN_ACTION_TYPES.has(declaredType) ? declaredType : ActionType.CUSTOM;
          const rating = ratings.get(span);
          if (rating !== undefined) actions.add([app, pageGroup, actionType, rating]);
          const seconds = Math.max(0, span.endTimeMs - span.startTimeMs) / 1000;
          this.actionDuration.observe([app, pageGroup, actionType], seconds, span.traceId, nowSeconds);
          break;
        }
        case EventType.ERROR: {
          const declaredType = attributes[ATTR_RUM_ERROR_TYPE];
          const errorType = typeof declaredType === 'string' && KNOWN_ERROR_TYPES.has(declaredType) ? declaredType : ErrorType.CUSTOM;
          errors.add([app, pageGroup, errorType]);
          break;
        }
        case EventType.REQUEST:
          if (isApplicationRequest(span)) requests.add([app, pageGroup, statusClassOf(attributes[ATTR_HTTP_RESPONSE_STATUS_CODE])]);
          break;
        case EventType.RAGE_CLICK:
          rageClicks.add([app, pageGroup]);
          break;
        case EventType.DEAD_CLICK:
          deadClicks.add([app, pageGroup]);
          break;
        case EventType.ERROR_CLICK:
          errorClicks.add([app, pageGroup]);
          break;
        case EventType.PAGE_CHANGE:
          pageViews.add([app, pageGroup]);
          break;
        case EventType.WEB_VITAL:
          this.recordWebVital(span, vitalRatings);
          break;
        default:
          break;
      }
    }
  }

  private recordWebVital(span: RumSpan, vitalRatings: LabelledCounts): void {
    const name = span.attributes[ATTR_BROWSER_WEB_VITAL_NAME];
    const value = span.attributes[ATTR_BROWSER_WEB_VITAL_VALUE];
    if (typeof name !== 'string') return;
    const histogram = this.webVitals.get(name);
    if (histogram === undefined || typeof value !== 'number' || !Number.isFinite(value) || value < 0) return;
    histogram.observe([span.applicationId, span.pageGroup], name === WebVitalName.CLS ? value : value / 1000);
    const rating = span.attributes[ATTR_BROWSER_WEB_VITAL_RATING];
    if (typeof rating === 'string' && KNOWN_VITAL_RATINGS.has(rating)) vitalRatings.add([span.applicationId, span.pageGroup, name, rating]);
  }

  /** Session-level metrics of the sessions the sessionizer ended. */
  recordEndedSessions(ended: readonly EndedSession[]): void {
    if (ended.length === 0) return;
    const sessions = this.countsOf(Metric.SESSIONS_ENDED);
    const conversions = this.countsOf(Metric.CONVERSIONS);
    const segments = this.countsOf(Metric.SESSION_SEGMENTS);
    const entries = this.countsOf(Metric.ENTRY_PAGES);
    const exits = this.countsOf(Metric.EXIT_PAGES);
    for (const { summary, pageGroups } of ended) {
      const app = summary[SummaryField.APPLICATION_ID];
      const converted = bool(summary[SummaryField.CONVERTED]);
      sessions.add([
        app,
        summary[SummaryField.UX_SCORE],
        summary[SummaryField.END_REASON],
        bool(summary[SummaryField.IS_BOUNCE]),
        converted,
        summary[SummaryField.USER_TYPE],
      ]);
      for (const goal of summary[SummaryField.CONVERSION_GOALS]) conversions.add([app, goal]);
      for (const visit of pageGroups) {
        const segment = visit.rageClicked ? BehaviourSegment.RAGE_CLICK : visit.hadError ? BehaviourSegment.ERROR : BehaviourSegment.CLEAN;
        segments.add([app, visit.pageGroup, segment, converted]);
      }
      entries.add([app, summary[SummaryField.ENTRY_PAGE]]);
      exits.add([app, summary[SummaryField.EXIT_PAGE]]);
      this.sessionDuration.observe(labelsOf(Metric.SESSION_DURATION, [app]), summary[SummaryField.DURATION] / 1000);
      this.sessionActions.observe(labelsOf(Metric.SESSION_ACTIONS, [app]), summary[SummaryField.ACTION_COUNT]);
    }
  }

  /** Open sessions per application (an application whose sessions all closed reads 0) and in total. */
  setOpenSessions(byApp: ReadonlyMap<string, number>): void {
    let total = 0;
    for (const [app, count] of byApp) {
      this.activeSessions.set(labelsOf(Metric.ACTIVE_SESSIONS, [app]), count);
      total += count;
    }
    this.openSessions.set(total);
  }

  spansReceived(transport: string, count: number): void {
    this.countsOf(Metric.SPANS_RECEIVED).add([transport], count);
  }

  spansRejected(reason: string, count: number): void {
    this.countsOf(Metric.SPANS_REJECTED).add([reason], count);
  }

  attributesLimited(reason: string, count: number): void {
    this.countsOf(Metric.ATTRIBUTES_LIMITED).add([reason], count);
  }

  requestsRejected(reason: string): void {
    this.countsOf(Metric.REQUESTS_REJECTED).add([reason]);
  }

  exportsFailed(exporter: string, count = 1): void {
    this.countsOf(Metric.EXPORTS_FAILED).add([exporter], count);
  }

  /**
   * The `/metrics` page for a scrape's Accept header: OpenMetrics (with trace-id exemplars) when the
   * scraper accepts it, the classic Prometheus text format otherwise.
   */
  async render(accept: string | undefined): Promise<MetricsPage> {
    if (accept?.includes('application/openmetrics-text')) {
      return { contentType: OPENMETRICS_CONTENT_TYPE, body: await renderExposition(this.families(), 'openmetrics') };
    }
    return { contentType: PROMETHEUS_CONTENT_TYPE, body: await renderExposition(this.families(), 'prometheus') };
  }
}
