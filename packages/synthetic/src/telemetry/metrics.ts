import { SyntheticLabel, SyntheticMetric, SyntheticMetricLabels, SyntheticResult } from '@otel-rum/semconv';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunResult } from '../runner/result.js';

const labels = <M extends SyntheticMetric>(metric: M): string[] => [...SyntheticMetricLabels[metric]];
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 15, 30, 60];

/** The runner's Prometheus metrics, in a registry of its own (served on the API's /metrics). */
export class SyntheticMetrics {
  readonly registry = new Registry();
  private readonly runs = new Counter({ name: SyntheticMetric.RUNS, help: 'Synthetic monitor runs by result; availability is success over all.', labelNames: labels(SyntheticMetric.RUNS), registers: [this.registry] });
  private readonly up = new Gauge({ name: SyntheticMetric.MONITOR_UP, help: '1 when the last run of the monitor at the location succeeded, else 0.', labelNames: labels(SyntheticMetric.MONITOR_UP), registers: [this.registry] });
  private readonly runDuration = new Histogram({ name: SyntheticMetric.RUN_DURATION, help: 'Duration of synthetic monitor runs.', labelNames: labels(SyntheticMetric.RUN_DURATION), buckets: DURATION_BUCKETS, registers: [this.registry] });
  private readonly stepDuration = new Histogram({ name: SyntheticMetric.STEP_DURATION, help: 'Duration of synthetic monitor steps (requests, page loads, clickpath actions).', labelNames: labels(SyntheticMetric.STEP_DURATION), buckets: DURATION_BUCKETS, registers: [this.registry] });
  private readonly failures = new Counter({ name: SyntheticMetric.FAILURES, help: 'Failed synthetic monitor runs by reason.', labelNames: labels(SyntheticMetric.FAILURES), registers: [this.registry] });
  private readonly problemsOpen = new Gauge({ name: SyntheticMetric.PROBLEMS_OPEN, help: '1 while the outage rule holds a problem open for the monitor at the location.', labelNames: labels(SyntheticMetric.PROBLEMS_OPEN), registers: [this.registry] });
  private readonly problemsOpened = new Counter({ name: SyntheticMetric.PROBLEMS_OPENED, help: 'Problems the outage rule opened.', labelNames: labels(SyntheticMetric.PROBLEMS_OPENED), registers: [this.registry] });

  /** Declares a monitor's series at zero, so dashboards and alerts see it before its first run. */
  declare(monitor: { id: string; type: string; location: string }): void {
    const where = { [SyntheticLabel.MONITOR]: monitor.id, [SyntheticLabel.LOCATION]: monitor.location };
    for (const result of Object.values(SyntheticResult)) this.runs.inc({ ...where, [SyntheticLabel.MONITOR_TYPE]: monitor.type, [SyntheticLabel.RESULT]: result }, 0);
    this.problemsOpen.set(where, 0);
    this.problemsOpened.inc(where, 0);
  }

  record(run: RunResult): void {
    const where = { [SyntheticLabel.MONITOR]: run.monitorId, [SyntheticLabel.LOCATION]: run.location };
    const typed = { ...where, [SyntheticLabel.MONITOR_TYPE]: run.monitorType };
    this.runs.inc({ ...typed, [SyntheticLabel.RESULT]: run.result });
    this.up.set(typed, run.result === SyntheticResult.SUCCESS ? 1 : 0);
    this.runDuration.observe(typed, run.durationMs / 1000);
    for (const step of run.steps) this.stepDuration.observe({ ...where, [SyntheticLabel.STEP]: step.name }, step.durationMs / 1000);
    if (run.failure) this.failures.inc({ ...where, [SyntheticLabel.REASON]: run.failure.reason });
    this.problemsOpen.set(where, run.problem.open ? 1 : 0);
    if (run.problem.opened) this.problemsOpened.inc(where);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
