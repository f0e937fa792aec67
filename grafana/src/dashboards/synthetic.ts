// Synthetic monitoring: availability per monitor and location, run and step timings, failures by
// reason, and the problems the outage rule holds open. Reads the runner's own metrics
// (@otel-rum/synthetic serves them on its API's /metrics).
import {
  ATTR_SYNTHETIC_LOCATION, ATTR_SYNTHETIC_MONITOR_ID, ATTR_SYNTHETIC_RESULT, SyntheticLabel, SyntheticMetric, SyntheticResult,
} from '@otel-rum/semconv';
import {
  DashboardBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { DataqueryBuilder as TempoQueryBuilder } from '@grafana/grafana-foundation-sdk/tempo';
import { family, increase, over, quantile, ratio, regex, select, sumBy } from '../promql/vector.js';
import {
  datasourceVariable, DatasourceUid, higherIsBetter, labelVariable, legend, RANGE_WINDOW, type RumDashboard, stat, table, TEMPO, timeseries, Variable,
} from './shared.js';

const runs = family(SyntheticMetric.RUNS);
const up = family(SyntheticMetric.MONITOR_UP);
const runDuration = family(SyntheticMetric.RUN_DURATION);
const stepDuration = family(SyntheticMetric.STEP_DURATION);
const failures = family(SyntheticMetric.FAILURES);
const problemsOpen = family(SyntheticMetric.PROBLEMS_OPEN);
const problemsOpened = family(SyntheticMetric.PROBLEMS_OPENED);

/**
 * Monitors run every few minutes, so Grafana's $__rate_interval would mostly hold no run at all:
 * the time series look back over a fixed hour instead.
 */
export const ROLLING_WINDOW = '1h';

const MONITOR_VARIABLE = SyntheticLabel.MONITOR;
const LOCATION_VARIABLE = SyntheticLabel.LOCATION;
const byMonitor = { [SyntheticLabel.MONITOR]: regex(`$${MONITOR_VARIABLE}`), [SyntheticLabel.LOCATION]: regex(`$${LOCATION_VARIABLE}`) } as const;
const ROW = [SyntheticLabel.MONITOR, SyntheticLabel.LOCATION] as const;
const success = { ...byMonitor, [SyntheticLabel.RESULT]: SyntheticResult.SUCCESS };
const failure = { ...byMonitor, [SyntheticLabel.RESULT]: SyntheticResult.FAILURE };

const availability = (by: readonly (typeof ROW)[number][], window: string) =>
  ratio(sumBy(by, increase(over(runs, success), window)), sumBy(by, increase(over(runs, byMonitor), window)));

/** The failed runs of the selected monitors, as TraceQL sees them: the run span and its failed steps. */
export function failedRunTraceQuery(): string {
  return `{ span.${ATTR_SYNTHETIC_RESULT} = "${SyntheticResult.FAILURE}" && span.${ATTR_SYNTHETIC_MONITOR_ID} =~ "$${MONITOR_VARIABLE}" && span.${ATTR_SYNTHETIC_LOCATION} =~ "$${LOCATION_VARIABLE}" }`;
}

/** Red from one open problem on. */
const problemThresholds = () =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    { value: 1, color: 'red' },
  ]);

export const syntheticDashboard: RumDashboard = {
  // A folder of its own: the RUM dashboards' end-to-end check scans grafana/dashboards/*.json against
  // the demo stack, which runs no synthetic runner; this one is checked against a real runner in
  // packages/synthetic/test/dashboard.test.ts. Grafana's file provider reads subfolders too.
  file: 'synthetic/rum-synthetic.json',
  build: () =>
    new DashboardBuilder('Synthetic monitoring')
      .uid('otel-rum-synthetic')
      .description('Availability, run and step timings, failures and open problems of the synthetic monitors, per monitor and location.')
      .tags(['otel-rum', 'synthetic'])
      .time({ from: 'now-24h', to: 'now' })
      .refresh('1m')
      .timezone('browser')
      .withVariable(datasourceVariable(Variable.PROMETHEUS, 'prometheus', 'Prometheus', DatasourceUid.PROMETHEUS))
      .withVariable(datasourceVariable(Variable.TEMPO, 'tempo', 'Tempo', DatasourceUid.TEMPO))
      .withVariable(labelVariable(MONITOR_VARIABLE, 'Monitor', `label_values(${runs.name}, ${SyntheticLabel.MONITOR})`))
      .withVariable(labelVariable(LOCATION_VARIABLE, 'Location', `label_values(${runs.name}{${SyntheticLabel.MONITOR}=~"$${MONITOR_VARIABLE}"}, ${SyntheticLabel.LOCATION})`))
      .withPanel(
        stat('Availability', 'Successful runs over all runs in the time range.', 'percentunit', availability([], RANGE_WINDOW))
          .min(0)
          .max(1)
          .decimals(2)
          .thresholds(higherIsBetter(0.95, 0.99)),
      )
      .withPanel(stat('Open problems', 'Monitor and location pairs whose outage rule holds a problem open now.', 'short', sumBy([], select(problemsOpen, byMonitor))).thresholds(problemThresholds()))
      .withPanel(stat('Problems opened', 'Problems the outage rule opened in the time range.', 'short', sumBy([], increase(over(problemsOpened, byMonitor), RANGE_WINDOW))))
      .withPanel(stat('Runs', 'Runs in the time range.', 'short', sumBy([], increase(over(runs, byMonitor), RANGE_WINDOW))))
      .withPanel(stat('Failed runs', 'Failed runs in the time range.', 'short', sumBy([], increase(over(runs, failure), RANGE_WINDOW))))
      .withPanel(stat('Run duration p95', '95th percentile of run durations in the time range.', 's', quantile(0.95, runDuration, [], byMonitor, RANGE_WINDOW)))
      .withPanel(
        table('Monitors', 'Per monitor and location, over the time range; "Up" is the last run.', [
          { name: 'Availability', vector: availability(ROW, RANGE_WINDOW), unit: 'percentunit' },
          { name: 'Up', vector: sumBy(ROW, select(up, byMonitor)), unit: 'bool_yes_no' },
          { name: 'Problem open', vector: sumBy(ROW, select(problemsOpen, byMonitor)), unit: 'bool_yes_no' },
          { name: 'Runs', vector: sumBy(ROW, increase(over(runs, byMonitor), RANGE_WINDOW)), unit: 'short' },
          { name: 'Run duration p95', vector: quantile(0.95, runDuration, ROW, byMonitor, RANGE_WINDOW), unit: 's' },
        ]),
      )
      .withPanel(
        timeseries('Availability by monitor', `Successful runs over all runs in the last ${ROLLING_WINDOW}.`, 'percentunit', [
          { vector: availability(ROW, ROLLING_WINDOW), legend: legend(...ROW) },
        ]).min(0).max(1),
      )
      .withPanel(
        timeseries('Open problems by monitor', '1 while the outage rule holds a problem open.', 'short', [
          { vector: sumBy(ROW, select(problemsOpen, byMonitor)), legend: legend(...ROW) },
        ]).min(0),
      )
      .withPanel(
        timeseries('Run duration p95 by monitor', `95th percentile of run durations over the last ${ROLLING_WINDOW}.`, 's', [
          { vector: quantile(0.95, runDuration, ROW, byMonitor, ROLLING_WINDOW), legend: legend(...ROW) },
        ]),
      )
      .withPanel(
        timeseries('Step duration p95 by step', `95th percentile of each step's duration over the last ${ROLLING_WINDOW}.`, 's', [
          { vector: quantile(0.95, stepDuration, [SyntheticLabel.MONITOR, SyntheticLabel.STEP], byMonitor, ROLLING_WINDOW), legend: legend(SyntheticLabel.MONITOR, SyntheticLabel.STEP) },
        ]),
      )
      .withPanel(
        timeseries('Failures by reason', `Failed runs in the last ${ROLLING_WINDOW} by monitor and reason (assertion, threshold, timeout, network, credential).`, 'short', [
          { vector: sumBy([SyntheticLabel.MONITOR, SyntheticLabel.REASON], increase(over(failures, byMonitor), ROLLING_WINDOW)), legend: legend(SyntheticLabel.MONITOR, SyntheticLabel.REASON) },
        ]).min(0),
      )
      .withPanel(
        new TablePanel()
          .title('Failed runs')
          .description('Failed runs in Tempo: open one to see which step failed, why, and how long each took.')
          .datasource(TEMPO)
          .span(12)
          .height(8)
          .withTarget(new TempoQueryBuilder().refId('A').datasource(TEMPO).queryType('traceql').query(failedRunTraceQuery()).limit(20)),
      )
      .build(),
};
