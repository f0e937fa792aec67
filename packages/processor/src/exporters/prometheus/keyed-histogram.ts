// A histogram for the hot path (user action durations, a third of all spans; web vitals), with an
// optional trace-id exemplar per bucket. prom-client's histogram hashes the label object (and
// validates the exemplar) on every observation, which cost more than sessionizing the span; this one
// finds series by their label values in a SeriesIndex and exposes the same `get()` shape, so the page
// writer treats both alike.

import { EXEMPLAR_TRACE_ID } from '@otel-rum/semconv';
import type { ExposedMetric, ExposedSample } from './exposition.js';
import { SeriesIndex } from './series-index.js';

interface Exemplar {
  traceId: string;
  value: number;
  timestamp: number;
}

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  /** Per bucket, not cumulative; the last one is +Inf. */
  readonly counts: number[];
  readonly exemplars: (Exemplar | undefined)[];
  sum: number;
  count: number;
}

export class KeyedHistogram implements ExposedMetric {
  private readonly series: SeriesIndex<Series>;

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
    private readonly upperBounds: readonly number[],
  ) {
    this.series = new SeriesIndex((labelValues) => {
      const labels: Record<string, string> = {};
      labelNames.forEach((labelName, index) => (labels[labelName] = labelValues[index] as string));
      return { labels, counts: new Array<number>(upperBounds.length + 1).fill(0), exemplars: [], sum: 0, count: 0 };
    });
  }

  /** One observation, label values in `labelNames` order. With a trace id, it becomes its bucket's exemplar. */
  observe(labelValues: readonly string[], value: number, traceId?: string, timestampSeconds = 0): void {
    const series = this.series.get(labelValues);
    let bucket = 0;
    while (bucket < this.upperBounds.length && value > (this.upperBounds[bucket] as number)) bucket++;
    (series.counts[bucket] as number)++;
    series.sum += value;
    series.count++;
    if (traceId === undefined) return;
    const exemplar = series.exemplars[bucket];
    if (exemplar === undefined) series.exemplars[bucket] = { traceId, value, timestamp: timestampSeconds };
    else {
      exemplar.traceId = traceId;
      exemplar.value = value;
      exemplar.timestamp = timestampSeconds;
    }
  }

  get(): Promise<{ name: string; help: string; type: string; values: ExposedSample[] }> {
    const values: ExposedSample[] = [];
    for (const series of this.series.values()) {
      let cumulative = 0;
      for (let bucket = 0; bucket <= this.upperBounds.length; bucket++) {
        cumulative += series.counts[bucket] as number;
        const le = bucket < this.upperBounds.length ? (this.upperBounds[bucket] as number) : '+Inf';
        const exemplar = series.exemplars[bucket];
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { ...series.labels, le },
          value: cumulative,
          exemplar: exemplar && { labelSet: { [EXEMPLAR_TRACE_ID]: exemplar.traceId }, value: exemplar.value, timestamp: exemplar.timestamp },
        });
      }
      values.push({ metricName: `${this.name}_sum`, labels: series.labels, value: series.sum });
      values.push({ metricName: `${this.name}_count`, labels: series.labels, value: series.count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: 'histogram', values });
  }
}
