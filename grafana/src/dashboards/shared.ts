// What every dashboard shares: datasource and filter variables, and small panel builders that turn
// typed PromQL vectors (../promql/vector.ts) into Grafana queries.
import { Label, Metric } from '@otel-rum/semconv';
import type { Label as LabelName } from '@otel-rum/semconv';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { BigValueGraphMode, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { regex, type Vector } from '../promql/vector.js';

/** The uids the provisioning gives the datasources; dashboards default to them. */
export const DatasourceUid = {
  PROMETHEUS: 'prometheus',
  TEMPO: 'tempo',
  LOKI: 'loki',
} as const;

export const Variable = {
  PROMETHEUS: 'datasource',
  LOKI: 'loki_datasource',
  TEMPO: 'tempo_datasource',
  APP: Label.APP,
  PAGE_GROUP: Label.PAGE_GROUP,
} as const;

export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: `\${${Variable.PROMETHEUS}}` };
export const LOKI: DataSourceRef = { type: 'loki', uid: `\${${Variable.LOKI}}` };
export const TEMPO: DataSourceRef = { type: 'tempo', uid: `\${${Variable.TEMPO}}` };

/** Grafana's range variables; the PromQL check substitutes them with concrete windows. */
export const RATE_WINDOW = '$__rate_interval';
export const RANGE_WINDOW = '$__range';

export const datasourceVariable = (name: string, type: string, label: string, defaultUid: string) =>
  new DatasourceVariableBuilder(name).label(label).type(type).current({ text: defaultUid, value: defaultUid });

/** Applications and page groups are read from page views, which every instrumented page produces. */
const variableSource = Metric.PAGE_VIEWS;

/** Multi-value with "All" as `.*`, so `=~"$app"` matches every application. */
export const labelVariable = (name: string, label: string, query: string) =>
  new QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query(query)
    .definition(query)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);

export const appVariable = () => labelVariable(Variable.APP, 'Application', `label_values(${variableSource}, ${Label.APP})`);
export const pageGroupVariable = () =>
  labelVariable(Variable.PAGE_GROUP, 'Page group', `label_values(${variableSource}{${Label.APP}=~"$${Variable.APP}"}, ${Label.PAGE_GROUP})`);

/** Filters for families that carry `app` only, and for those that also carry `page_group`. */
export const byApp = { [Label.APP]: regex(`$${Variable.APP}`) } as const;
export const byAppAndPage = { ...byApp, [Label.PAGE_GROUP]: regex(`$${Variable.PAGE_GROUP}`) } as const;

export interface RumDashboard {
  /** File name under grafana/dashboards/. */
  readonly file: string;
  build(): Dashboard;
}

/** A dashboard with the datasource, application and page-group variables every RUM dashboard has. */
export function rumDashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['otel-rum', 'rum'])
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .withVariable(datasourceVariable(Variable.PROMETHEUS, 'prometheus', 'Prometheus', DatasourceUid.PROMETHEUS))
    .withVariable(appVariable())
    .withVariable(pageGroupVariable());
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const refId = (index: number): string => REF_IDS[index] ?? `Q${index}`;

export interface Query {
  readonly vector: Vector<LabelName>;
  readonly legend?: string;
}

/** `{{page_group}}`: Grafana's legend template for a label. */
export const legend = (...labels: LabelName[]): string => labels.map((label) => `{{${label}}}`).join(' ');

export const rangeQuery = (query: Query, index: number, exemplars = false) =>
  new DataqueryBuilder()
    .refId(refId(index))
    .datasource(PROMETHEUS)
    .expr(query.vector.expr)
    .legendFormat(query.legend ?? '__auto')
    .range()
    .exemplar(exemplars);

export const instantQuery = (vector: Vector<LabelName>, index: number) =>
  new DataqueryBuilder().refId(refId(index)).datasource(PROMETHEUS).expr(vector.expr).instant().format(PromQueryFormat.Table);

export function timeseries(title: string, description: string, unit: string, queries: readonly Query[], width = 12) {
  const panel = new TimeseriesPanel()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .unit(unit)
    .span(width)
    .height(8)
    .legend(new VizLegendOptionsBuilder().displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).showLegend(true));
  queries.forEach((query, index) => panel.withTarget(rangeQuery(query, index)));
  return panel;
}

/** Red below `red`, yellow below `green`, green above: for ratios where higher is better. */
export const higherIsBetter = (red: number, green: number) =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'red' },
    { value: red, color: 'yellow' },
    { value: green, color: 'green' },
  ]);

export function stat(title: string, description: string, unit: string, vector: Vector<LabelName>, width = 4) {
  return new StatPanel()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .unit(unit)
    .span(width)
    .height(4)
    // One instant value over the dashboard's range: show it, no sparkline.
    .graphMode(BigValueGraphMode.None)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .withTarget(instantQuery(vector, 0));
}

/** Instant queries joined into one table, one column per query, named by `columns`. */
export function table(title: string, description: string, columns: readonly { name: string; vector: Vector<LabelName>; unit?: string }[], width = 24) {
  const renameByName: Record<string, string> = {};
  columns.forEach((column, index) => {
    renameByName[`Value #${refId(index)}`] = column.name;
  });
  const panel = new TablePanel()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .span(width)
    .height(9)
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName } });
  columns.forEach((column, index) => {
    panel.withTarget(instantQuery(column.vector, index));
    if (column.unit) {
      panel.withOverride({ matcher: { id: 'byName', options: column.name }, properties: [{ id: 'unit', value: column.unit }] });
    }
  });
  return panel;
}
