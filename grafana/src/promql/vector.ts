// A small typed PromQL builder. Every expression carries the labels its series keep, so grouping or
// filtering on a label a metric does not have is a compile error here rather than an empty panel in
// Grafana. Names come from @otel-rum/semconv; nothing below spells a metric or label name.
import { type Label, type Metric, MetricLabels, type SyntheticMetric, SyntheticMetricLabels } from '@otel-rum/semconv';

/** An instant-vector expression and the labels its series carry. */
export interface Vector<L extends Label> {
  readonly expr: string;
  readonly labels: readonly L[];
}

/** A series family: a processor or synthetic-runner metric, or the output of a recording rule. */
export interface Family<L extends Label> {
  readonly name: string;
  readonly labels: readonly L[];
}

const FAMILY_LABELS = { ...MetricLabels, ...SyntheticMetricLabels } as const;

export type LabelsOf<M extends Metric | SyntheticMetric> = (typeof FAMILY_LABELS)[M][number];

export const family = <M extends Metric | SyntheticMetric>(name: M): Family<LabelsOf<M>> => ({ name, labels: FAMILY_LABELS[name] });

/** An equality matcher (a plain string) or a regular-expression matcher. */
export type MatchValue = string | { readonly regex: string };
export type Matchers<L extends Label> = Partial<Record<L, MatchValue>>;

export const regex = (pattern: string): MatchValue => ({ regex: pattern });

/** Label values in PromQL are Go-style double-quoted strings; JSON's escaping is a subset of it. */
const quote = (value: string): string => JSON.stringify(value);

function matcherList(matchers: Record<string, MatchValue | undefined>): string {
  const parts: string[] = [];
  for (const [label, value] of Object.entries(matchers)) {
    if (value === undefined) continue;
    parts.push(typeof value === 'string' ? `${label}=${quote(value)}` : `${label}=~${quote(value.regex)}`);
  }
  return parts.join(', ');
}

function selectorOf(name: string, matchers: Record<string, MatchValue | undefined>): string {
  const list = matcherList(matchers);
  return list ? `${name}{${list}}` : name;
}

/** `name{matchers}`: the family's current values (gauges, recorded series). */
export const select = <L extends Label>(source: Family<L>, matchers: Matchers<L> = {}): Vector<L> => ({
  expr: selectorOf(source.name, matchers),
  labels: source.labels,
});

/** A range selector over a counter or histogram series, ready for rate() or increase(). */
export interface RangeSelector<L extends Label> {
  readonly selector: string;
  readonly labels: readonly L[];
}

export const over = <L extends Label>(source: Family<L>, matchers: Matchers<L> = {}): RangeSelector<L> => ({
  selector: selectorOf(source.name, matchers),
  labels: source.labels,
});

export const rate = <L extends Label>(range: RangeSelector<L>, window: string): Vector<L> => ({
  expr: `rate(${range.selector}[${window}])`,
  labels: range.labels,
});

export const increase = <L extends Label>(range: RangeSelector<L>, window: string): Vector<L> => ({
  expr: `increase(${range.selector}[${window}])`,
  labels: range.labels,
});

/** A label only these expressions add, to keep several families apart inside one union. */
const FAMILY_TAG = 'family';

/**
 * `sum by (by) (increase(a[w]) + increase(b[w]) + …)` over counters with the same labels, where a
 * group present in only some of them still counts: each increase is tagged with its family (which
 * Prometheus 2 would otherwise drop with the metric name, colliding) and the union is summed.
 */
export const increaseOfAll = <L extends Label, K extends L>(by: readonly K[], sources: readonly Family<L>[], matchers: Matchers<L>, window: string): Vector<K> => {
  const tagged = sources.map(
    (source) => `label_replace(increase(${selectorOf(source.name, matchers)}[${window}]), ${quote(FAMILY_TAG)}, ${quote(source.name)}, "", "")`,
  );
  return { expr: `sum by (${by.join(', ')}) (${tagged.join(' or ')})`, labels: by };
};

/** `sum by (labels) (…)`; an empty list sums everything into one series. */
export const sumBy = <L extends Label, K extends L>(by: readonly K[], inner: Vector<L>): Vector<K> => ({
  expr: by.length ? `sum by (${by.join(', ')}) (${inner.expr})` : `sum(${inner.expr})`,
  labels: by,
});

export const scale = <L extends Label>(factor: number, inner: Vector<L>): Vector<L> => ({
  expr: `${factor} * (${inner.expr})`,
  labels: inner.labels,
});

/**
 * `numerator / denominator` over identical label sets, where a group with no numerator series
 * (nobody converted, no error yet) reads 0 rather than vanishing from the result.
 */
export const ratio = <L extends Label>(numerator: Vector<L>, denominator: Vector<L>): Vector<L> => ({
  expr: `(${numerator.expr} or 0 * ${denominator.expr}) / ${denominator.expr}`,
  labels: denominator.labels,
});

/** `a or b`: the union of two vectors with the same labels. */
export const union = <L extends Label>(left: Vector<L>, right: Vector<L>): Vector<L> => ({
  expr: `${left.expr} or ${right.expr}`,
  labels: left.labels,
});

/** `left op right` between vectors with the same labels. */
export const binary = <L extends Label>(left: Vector<L>, op: '+' | '-' | '*' | '/', right: Vector<L>): Vector<L> => ({
  expr: `(${left.expr}) ${op} (${right.expr})`,
  labels: left.labels,
});

/**
 * `one op on(shared) group_right() many`: combines one series per `shared` group with each of the
 * many series in that group (a baseline against every segment); the result keeps the many side's labels.
 */
export const perGroup = <S extends Label, M extends Label>(
  one: Vector<S>,
  op: '+' | '-' | '*' | '/',
  shared: readonly S[],
  many: Vector<M>,
): Vector<M> => ({
  expr: `(${one.expr}) ${op} on (${shared.join(', ')}) group_right() (${many.expr})`,
  labels: many.labels,
});

/** `vector > threshold` (and friends): keeps the series past the threshold, drops the others. */
export const compare = <L extends Label>(inner: Vector<L>, op: '>' | '<' | '>=' | '<=', threshold: number | Vector<L>): Vector<L> => ({
  expr: `${inner.expr} ${op} ${typeof threshold === 'number' ? threshold : `(${threshold.expr})`}`,
  labels: inner.labels,
});

/** `left and on(shared) right`: keeps the left series whose group also appears on the right. */
export const and = <L extends Label, R extends Label>(left: Vector<L>, shared: readonly (L & R)[], right: Vector<R>): Vector<L> => ({
  expr: `(${left.expr}) and on (${shared.join(', ')}) (${right.expr})`,
  labels: left.labels,
});

export const topk = <L extends Label>(k: number, inner: Vector<L>): Vector<L> => ({
  expr: `topk(${k}, ${inner.expr})`,
  labels: inner.labels,
});

/** `histogram_quantile(q, sum by (le, by…) (rate(name_bucket{…}[window])))`. */
export const quantile = <L extends Label, K extends L>(
  q: number,
  histogram: Family<L>,
  by: readonly K[],
  matchers: Matchers<L>,
  window: string,
): Vector<K> => {
  const grouping = ['le', ...by].join(', ');
  return {
    expr: `histogram_quantile(${q}, sum by (${grouping}) (rate(${selectorOf(`${histogram.name}_bucket`, matchers)}[${window}])))`,
    labels: by,
  };
};

/** `rate(name_bucket{…}[window])` kept per bucket: what a heatmap with exemplars plots. */
export const bucketRate = <L extends Label, K extends L>(histogram: Family<L>, by: readonly K[], matchers: Matchers<L>, window: string): Vector<K> => ({
  expr: `sum by (${['le', ...by].join(', ')}) (rate(${selectorOf(`${histogram.name}_bucket`, matchers)}[${window}]))`,
  labels: by,
});

/** The mean of a histogram: `rate(_sum) / rate(_count)`. */
export const mean = <L extends Label, K extends L>(histogram: Family<L>, by: readonly K[], matchers: Matchers<L>, window: string): Vector<K> => {
  const part = (suffix: string) => sumBy(by, { expr: `rate(${selectorOf(`${histogram.name}_${suffix}`, matchers)}[${window}])`, labels: histogram.labels });
  return { expr: `${part('sum').expr} / ${part('count').expr}`, labels: by };
};
