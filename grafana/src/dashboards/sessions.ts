// Sessions: the session summaries the processor sends as OTLP log records, read back from Loki,
// filterable by UX score, end reason, user tag and conversion; beside them, session metrics.
import {
  ATTR_EVENT_NAME,
  ATTR_SERVICE_NAME,
  Label,
  Metric,
  SESSION_END_REASONS,
  SESSION_SUMMARY_EVENT_NAME,
  SummaryField,
  UX_SCORES,
} from '@otel-rum/semconv';
import { LogsSortOrder } from '@grafana/grafana-foundation-sdk/common';
import { CustomVariableBuilder, TextBoxVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder as LokiQuery } from '@grafana/grafana-foundation-sdk/loki';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { family, increase, over, quantile, rate, sumBy, topk } from '../promql/vector.js';
import { LABEL_FALSE, LABEL_TRUE } from '../rules/recording.js';
import {
  byApp,
  byAppAndPage,
  datasourceVariable,
  DatasourceUid,
  legend,
  LOKI,
  RANGE_WINDOW,
  RATE_WINDOW,
  rumDashboard,
  type RumDashboard,
  table,
  timeseries,
  Variable,
} from './shared.js';

/**
 * Loki's OTLP ingestion keeps log attributes as structured metadata and resource attributes it
 * indexes as stream labels, both with every character outside [A-Za-z0-9_] replaced by `_`.
 */
export const lokiName = (attribute: string): string => attribute.replace(/[^A-Za-z0-9_]/g, '_');

const SessionVariable = {
  UX_SCORE: 'ux_score',
  END_REASON: 'end_reason',
  CONVERTED: 'converted',
  USER_TAG: 'user_tag',
} as const;

const choice = (name: string, label: string, values: readonly string[]) =>
  new CustomVariableBuilder(name)
    .label(label)
    .values(values.join(','))
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' });

/** The summaries, filtered by the dashboard's variables. */
export function sessionSummaryQuery(): string {
  const filters = [
    `${lokiName(ATTR_EVENT_NAME)}=${JSON.stringify(SESSION_SUMMARY_EVENT_NAME)}`,
    `${lokiName(SummaryField.APPLICATION_ID)}=~"$${Variable.APP}"`,
    `${lokiName(SummaryField.UX_SCORE)}=~"$${SessionVariable.UX_SCORE}"`,
    `${lokiName(SummaryField.END_REASON)}=~"$${SessionVariable.END_REASON}"`,
    `${lokiName(SummaryField.CONVERTED)}=~"$${SessionVariable.CONVERTED}"`,
    // A substring match, case-insensitive; sessions without a user tag match the empty default.
    `${lokiName(SummaryField.USER_TAG)}=~"(?i).*$${SessionVariable.USER_TAG}.*"`,
  ];
  return `{${lokiName(ATTR_SERVICE_NAME)}=~".+"} | ${filters.join(' | ')}`;
}

const sessionsEnded = family(Metric.SESSIONS_ENDED);
const sessionDuration = family(Metric.SESSION_DURATION);
const sessionActions = family(Metric.SESSION_ACTIONS);

export const sessionsDashboard: RumDashboard = {
  file: 'rum-sessions.json',
  build: () =>
    rumDashboard('otel-rum-sessions', 'RUM sessions', 'Session summaries from Loki, filterable by UX score, end reason, user tag and conversion.')
      .withVariable(datasourceVariable(Variable.LOKI, 'loki', 'Loki', DatasourceUid.LOKI))
      .withVariable(choice(SessionVariable.UX_SCORE, 'UX score', UX_SCORES))
      .withVariable(choice(SessionVariable.END_REASON, 'End reason', SESSION_END_REASONS))
      .withVariable(choice(SessionVariable.CONVERTED, 'Converted', [LABEL_TRUE, LABEL_FALSE]))
      .withVariable(new TextBoxVariableBuilder(SessionVariable.USER_TAG).label('User tag contains').defaultValue(''))
      .withPanel(
        new TimeseriesPanel()
          .title('Session summaries by UX score')
          .description('Summaries matching the filters, counted from Loki.')
          .datasource(LOKI)
          .span(12)
          .height(8)
          .withTarget(
            new LokiQuery()
              .refId('A')
              .datasource(LOKI)
              .expr(`sum by (${lokiName(SummaryField.UX_SCORE)}) (count_over_time(${sessionSummaryQuery()} [$__auto]))`)
              .legendFormat(`{{${lokiName(SummaryField.UX_SCORE)}}}`),
          ),
      )
      .withPanel(
        timeseries('Session duration', 'Median and 90th percentile of ended sessions’ duration.', 's', [
          { vector: quantile(0.5, sessionDuration, [], byApp, RATE_WINDOW), legend: 'p50' },
          { vector: quantile(0.9, sessionDuration, [], byApp, RATE_WINDOW), legend: 'p90' },
        ], 6),
      )
      .withPanel(
        timeseries('Actions per session', 'Median and 90th percentile of user actions per ended session.', 'short', [
          { vector: quantile(0.5, sessionActions, [], byApp, RATE_WINDOW), legend: 'p50' },
          { vector: quantile(0.9, sessionActions, [], byApp, RATE_WINDOW), legend: 'p90' },
        ], 6),
      )
      .withPanel(
        new LogsPanel()
          .title('Session summaries')
          .description('One record per ended session (dt.rum.session_summary); open one for every field.')
          .datasource(LOKI)
          .span(24)
          .height(12)
          .showTime(true)
          .enableLogDetails(true)
          .wrapLogMessage(false)
          .sortOrder(LogsSortOrder.Descending)
          .withTarget(new LokiQuery().refId('A').datasource(LOKI).expr(sessionSummaryQuery()).maxLines(500)),
      )
      .withPanel(
        timeseries('Sessions ended by UX score', 'Sessions ending per second, by user experience score.', 'reqps', [
          { vector: sumBy([Label.UX_SCORE], rate(over(sessionsEnded, byApp), RATE_WINDOW)), legend: legend(Label.UX_SCORE) },
        ], 8),
      )
      .withPanel(
        table('Top entry pages', 'Page groups where sessions started, in the time range.', [
          { name: 'Sessions', vector: topk(10, sumBy([Label.PAGE_GROUP], increase(over(family(Metric.ENTRY_PAGES), byAppAndPage), RANGE_WINDOW))), unit: 'short' },
        ], 8),
      )
      .withPanel(
        table('Top exit pages', 'Page groups where sessions ended, in the time range.', [
          { name: 'Sessions', vector: topk(10, sumBy([Label.PAGE_GROUP], increase(over(family(Metric.EXIT_PAGES), byAppAndPage), RANGE_WINDOW))), unit: 'short' },
        ], 8),
      )
      .build(),
};
