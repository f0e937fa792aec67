// The text exposition formats of prom-client metrics: OpenMetrics (with exemplars) and the classic
// Prometheus format. prom-client writes them too, but per registry content type, and its OpenMetrics
// writer renames counters in place (drops `_total` from the metric objects), which would corrupt the
// classic page served from the same metrics; this writer only reads them.

export interface ExposedExemplar {
  readonly labelSet: Readonly<Record<string, string | number>>;
  readonly value: number | null;
  readonly timestamp?: number;
}

export interface ExposedSample {
  readonly metricName?: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
  readonly exemplar?: ExposedExemplar | null;
}

/** What the writer needs of a metric: prom-client's `get()`. */
export interface ExposedMetric {
  get(): Promise<unknown>;
}

const escapeLabelValue = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (help: string): string => help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function formatLabels(labels: Readonly<Record<string, string | number>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) if (name !== 'le') parts.push(`${name}="${escapeLabelValue(String(value))}"`);
  // A bucket's bound goes last, where Prometheus itself writes it.
  if (labels.le !== undefined) parts.push(`le="${formatNumber(Number(labels.le))}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

export type ExpositionFormat = 'openmetrics' | 'prometheus';

export async function renderExposition(metrics: readonly ExposedMetric[], format: ExpositionFormat): Promise<string> {
  const openMetrics = format === 'openmetrics';
  const lines: string[] = [];
  for (const metric of metrics) {
    const data = (await metric.get()) as { name: string; help: string; type: string; values: ExposedSample[] };
    const isCounter = data.type === 'counter';
    // OpenMetrics names a counter family without the `_total` its samples carry.
    const family = isCounter && openMetrics ? data.name.replace(/_total$/, '') : data.name;
    lines.push(`# HELP ${family} ${escapeHelp(data.help)}`, `# TYPE ${family} ${data.type}`);
    for (const sample of data.values) {
      const name = isCounter ? data.name : (sample.metricName ?? family);
      let line = `${name}${formatLabels(sample.labels)} ${formatNumber(sample.value)}`;
      const exemplar = sample.exemplar;
      if (openMetrics && exemplar && exemplar.value !== null && Object.keys(exemplar.labelSet).length > 0) {
        line += ` # ${formatLabels(exemplar.labelSet)} ${formatNumber(exemplar.value)}`;
        if (exemplar.timestamp !== undefined) line += ` ${exemplar.timestamp.toFixed(3)}`;
      }
      lines.push(line);
    }
  }
  if (openMetrics) lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
