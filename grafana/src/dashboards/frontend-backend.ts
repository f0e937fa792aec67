// Frontend ↔ backend: user-action durations with trace-id exemplars, so a slow bucket opens the
// whole trace (browser action, its requests, the backend spans below them) in Tempo.
import { ATTR_RUM_APPLICATION_ID, ATTR_RUM_EVENT_TYPE, EventType, Label, Metric } from '@otel-rum/semconv';
import { PanelBuilder as HeatmapPanel } from '@grafana/grafana-foundation-sdk/heatmap';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { DataqueryBuilder as TempoQueryBuilder } from '@grafana/grafana-foundation-sdk/tempo';
import { bucketRate, family, mean, over, quantile, rate, sumBy } from '../promql/vector.js';
import {
  byAppAndPage,
  datasourceVariable,
  DatasourceUid,
  legend,
  PROMETHEUS,
  rangeQuery,
  RATE_WINDOW,
  rumDashboard,
  type RumDashboard,
  TEMPO,
  timeseries,
  Variable,
} from './shared.js';

const actionDuration = family(Metric.USER_ACTION_DURATION);
const requests = family(Metric.REQUESTS);

/** The user actions of the selected applications, as TraceQL sees them (attribute names unquoted). */
export function userActionTraceQuery(): string {
  return `{ span.${ATTR_RUM_EVENT_TYPE} = "${EventType.USER_ACTION}" && resource.${ATTR_RUM_APPLICATION_ID} =~ "$${Variable.APP}" }`;
}

const withExemplars = (title: string, description: string, q: number) => {
  const panel = timeseries(title, description, 's', []);
  return panel.withTarget(
    rangeQuery({ vector: quantile(q, actionDuration, [Label.ACTION_TYPE], byAppAndPage, RATE_WINDOW), legend: legend(Label.ACTION_TYPE) }, 0, true),
  );
};

export const frontendBackendDashboard: RumDashboard = {
  file: 'rum-frontend-backend.json',
  build: () =>
    rumDashboard('otel-rum-frontend-backend', 'RUM frontend ↔ backend', 'User-action durations with exemplars that open the trace in Tempo.')
      .withVariable(datasourceVariable(Variable.TEMPO, 'tempo', 'Tempo', DatasourceUid.TEMPO))
      .withPanel(withExemplars('Action duration p95 by type', 'Exemplar dots open the trace of a measured action in Tempo.', 0.95))
      .withPanel(withExemplars('Action duration p50 by type', 'Median user-action duration; exemplars link to traces.', 0.5))
      .withPanel(
        new HeatmapPanel()
          .title('Action duration distribution')
          .description('Actions per duration bucket; exemplars mark traced actions.')
          .datasource(PROMETHEUS)
          .span(12)
          .height(8)
          .calculate(false)
          .withTarget(
            rangeQuery({ vector: bucketRate(actionDuration, [], byAppAndPage, RATE_WINDOW), legend: '{{le}}' }, 0, true).format(PromQueryFormat.Heatmap),
          ),
      )
      .withPanel(
        timeseries('Mean action duration by page group', 'Average user-action duration per page group.', 's', [
          { vector: mean(actionDuration, [Label.PAGE_GROUP], byAppAndPage, RATE_WINDOW), legend: legend(Label.PAGE_GROUP) },
        ]),
      )
      .withPanel(
        timeseries('Requests by status class', 'Browser requests per second by response status class.', 'reqps', [
          { vector: sumBy([Label.STATUS_CLASS], rate(over(requests, byAppAndPage), RATE_WINDOW)), legend: legend(Label.STATUS_CLASS) },
        ]),
      )
      .withPanel(
        new TablePanel()
          .title('Recent user-action traces')
          .description('User actions in Tempo; open one to follow its requests into the backend.')
          .datasource(TEMPO)
          .span(12)
          .height(8)
          .withTarget(new TempoQueryBuilder().refId('A').datasource(TEMPO).queryType('traceql').query(userActionTraceQuery()).limit(20)),
      )
      .build(),
};
