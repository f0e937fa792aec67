// RUM overview: how many sessions, how they went, and what rage clicks and errors cost in conversions.
import { BehaviourSegment, Label, Metric } from '@otel-rum/semconv';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as PiePanel } from '@grafana/grafana-foundation-sdk/piechart';
import { binary, family, increase, over, perGroup, rate, ratio, scale, select, sumBy, union } from '../promql/vector.js';
import { apdex, LABEL_TRUE, Recorded } from '../rules/recording.js';
import {
  byApp,
  byAppAndPage,
  higherIsBetter,
  instantQuery,
  legend,
  PROMETHEUS,
  RANGE_WINDOW,
  RATE_WINDOW,
  rumDashboard,
  type RumDashboard,
  stat,
  table,
  timeseries,
} from './shared.js';

const sessionsEnded = family(Metric.SESSIONS_ENDED);
const activeSessions = family(Metric.ACTIVE_SESSIONS);
const segments = family(Metric.SESSION_SEGMENTS);
const rageClicks = family(Metric.RAGE_CLICKS);

const endedInRange = (matchers = {}) => sumBy([], increase(over(sessionsEnded, { ...byApp, ...matchers }), RANGE_WINDOW));

const SEGMENT_ROW = [Label.APP, Label.PAGE_GROUP, Label.SEGMENT] as const;
const PAGE_ROW = [Label.APP, Label.PAGE_GROUP] as const;

/** The conversion table: per page group and behaviour segment, against the clean segment's rate. */
function conversionColumns() {
  const sessions = sumBy(SEGMENT_ROW, increase(over(segments, byAppAndPage), RANGE_WINDOW));
  const converted = sumBy(SEGMENT_ROW, increase(over(segments, { ...byAppAndPage, [Label.CONVERTED]: LABEL_TRUE }), RANGE_WINDOW));
  const conversionRate = ratio(converted, sessions);
  const clean = { ...byAppAndPage, [Label.SEGMENT]: BehaviourSegment.CLEAN };
  const baseline = ratio(
    sumBy(PAGE_ROW, increase(over(segments, { ...clean, [Label.CONVERTED]: LABEL_TRUE }), RANGE_WINDOW)),
    sumBy(PAGE_ROW, increase(over(segments, clean), RANGE_WINDOW)),
  );
  const baselinePerRow = perGroup(baseline, '+', PAGE_ROW, scale(0, sessions));
  const gap = perGroup(baseline, '-', PAGE_ROW, conversionRate);
  return [
    { name: 'Sessions', vector: sessions, unit: 'short' },
    { name: 'Converted', vector: union(converted, scale(0, sessions)), unit: 'short' },
    { name: 'Conversion rate', vector: conversionRate, unit: 'percentunit' },
    { name: 'Baseline (clean)', vector: baselinePerRow, unit: 'percentunit' },
    { name: 'Gap', vector: gap, unit: 'percentunit' },
    // "rage clicks on checkout cost N conversions": the gap times the segment's sessions.
    { name: 'Conversions lost', vector: binary(gap, '*', sessions), unit: 'short' },
  ];
}

export const overviewDashboard: RumDashboard = {
  file: 'rum-overview.json',
  build: () =>
    rumDashboard('otel-rum-overview', 'RUM overview', 'Sessions, Apdex, user experience, bounce and conversion per behaviour segment.')
      .withPanel(stat('Sessions', 'Sessions ended in the time range.', 'short', endedInRange()))
      .withPanel(stat('Active sessions', 'Sessions open now.', 'short', sumBy([], select(activeSessions, byApp))))
      .withPanel(
        stat('Apdex', 'Satisfied plus half the tolerating user actions, over all of them, in the time range.', 'none', apdex([], RANGE_WINDOW, byAppAndPage))
          .min(0)
          .max(1)
          .decimals(2)
          .thresholds(higherIsBetter(0.7, 0.85)),
      )
      .withPanel(
        stat('Bounce rate', 'Share of sessions with at most one user action.', 'percentunit', ratio(endedInRange({ [Label.BOUNCE]: LABEL_TRUE }), endedInRange())),
      )
      .withPanel(
        stat('Conversion rate', 'Share of sessions that reached a conversion goal.', 'percentunit', ratio(endedInRange({ [Label.CONVERTED]: LABEL_TRUE }), endedInRange())),
      )
      .withPanel(
        stat(
          'Rage clicks per 1k sessions',
          'Rage clicks in the time range per thousand ended sessions.',
          'short',
          scale(1000, ratio(sumBy([], increase(over(rageClicks, byAppAndPage), RANGE_WINDOW)), endedInRange())),
        ),
      )
      .withPanel(
        timeseries('Apdex by page group', 'Recorded Apdex over five minutes.', 'none', [
          { vector: select(Recorded.pageGroupApdex, byAppAndPage), legend: legend(Label.APP, Label.PAGE_GROUP) },
        ]).min(0).max(1),
      )
      .withPanel(
        new PiePanel()
          .title('User experience score')
          .description('Ended sessions by user experience score (satisfying, tolerable, frustrating).')
          .datasource(PROMETHEUS)
          .span(6)
          .height(8)
          .withTarget(instantQuery(sumBy([Label.UX_SCORE], increase(over(sessionsEnded, byApp), RANGE_WINDOW)), 0).legendFormat(legend(Label.UX_SCORE))),
      )
      .withPanel(
        timeseries(
          'Sessions ended by reason',
          'Sessions ending per second, by end reason.',
          'reqps',
          [{ vector: sumBy([Label.END_REASON], rate(over(sessionsEnded, byApp), RATE_WINDOW)), legend: legend(Label.END_REASON) }],
          6,
        ),
      )
      .withPanel(
        timeseries('Bounce rate by application', 'Recorded bounce rate over an hour.', 'percentunit', [
          { vector: select(Recorded.bounce, byApp), legend: legend(Label.APP) },
        ]),
      )
      .withPanel(
        timeseries('Active sessions by application', 'Sessions open, per application.', 'short', [
          { vector: sumBy([Label.APP], select(activeSessions, byApp)), legend: legend(Label.APP) },
        ]),
      )
      .withPanel(
        timeseries('Page views by page group', 'Page and view changes per second, by page group.', 'reqps', [
          { vector: sumBy([Label.PAGE_GROUP], rate(over(family(Metric.PAGE_VIEWS), byAppAndPage), RATE_WINDOW)), legend: legend(Label.PAGE_GROUP) },
        ], 16),
      )
      .withPanel(
        table('Conversions by goal', 'Sessions that reached each conversion goal in the time range.', [
          { name: 'Sessions', vector: sumBy([Label.APP, Label.GOAL], increase(over(family(Metric.CONVERSIONS), byApp), RANGE_WINDOW)), unit: 'short' },
        ], 8),
      )
      .withPanel(
        table(
          'Conversion by behaviour segment',
          'Per page group: sessions that rage-clicked there, hit an error there, or neither (clean), how many converted, and how many conversions the gap to the clean baseline costs.',
          conversionColumns(),
        ),
      )
      .withRow(new RowBuilder('Processor health'))
      .withPanel(
        timeseries('Spans received', 'Spans accepted per second, by transport.', 'reqps', [
          { vector: sumBy([Label.TRANSPORT], rate(over(family(Metric.SPANS_RECEIVED)), RATE_WINDOW)), legend: legend(Label.TRANSPORT) },
        ], 6),
      )
      .withPanel(
        timeseries('Rejected', 'Spans and requests refused per second, by reason (limits, validation, unknown application…).', 'reqps', [
          { vector: sumBy([Label.REASON], rate(over(family(Metric.SPANS_REJECTED)), RATE_WINDOW)), legend: `spans: ${legend(Label.REASON)}` },
          { vector: sumBy([Label.REASON], rate(over(family(Metric.REQUESTS_REJECTED)), RATE_WINDOW)), legend: `requests: ${legend(Label.REASON)}` },
        ], 6),
      )
      .withPanel(
        timeseries('Attributes limited', 'Attributes dropped past the per-span count limit, and values cut to the length limit, per second (their spans are kept).', 'reqps', [
          { vector: sumBy([Label.REASON], rate(over(family(Metric.ATTRIBUTES_LIMITED)), RATE_WINDOW)), legend: legend(Label.REASON) },
        ], 6),
      )
      .withPanel(timeseries('Open sessions', 'Sessions held in the processor’s memory.', 'short', [{ vector: select(family(Metric.OPEN_SESSIONS)), legend: 'open' }], 6))
      .withPanel(
        timeseries('Failed exports', 'Session-summary exports that failed per second, by exporter.', 'reqps', [
          { vector: sumBy([Label.EXPORTER], rate(over(family(Metric.EXPORTS_FAILED)), RATE_WINDOW)), legend: legend(Label.EXPORTER) },
        ], 6),
      )
      .build(),
};
