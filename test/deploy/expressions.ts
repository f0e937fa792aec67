// Every PromQL expression the deployment ships — dashboard panels, recording rules, the series the
// alerts compare — plus one selector per metric family of the processor and the synthetic runner,
// with Grafana's variables filled in the way Grafana would ("All" applications and page groups).
import { Metric, SyntheticMetric } from '@otel-rum/semconv';
import { ALERT_RULES, DASHBOARDS, RECORDING_RULES } from '../../grafana/src/index.js';

export interface CheckedExpression {
  readonly source: string;
  readonly expr: string;
}

const GRAFANA_VARIABLES: Record<string, string> = {
  __rate_interval: '1m',
  __range: '10m',
  __auto: '1m',
  app: '.*',
  page_group: '.*',
  ux_score: '.*',
  end_reason: '.*',
  converted: '.*',
  user_tag: '',
};

function substitute(expr: string): string {
  return expr.replace(/\$(\w+)/g, (_match, name: string) => {
    const value = GRAFANA_VARIABLES[name];
    if (value === undefined) throw new Error(`no test value for Grafana variable $${name} in ${expr}`);
    return value;
  });
}

interface PanelJson {
  title: string;
  datasource?: { type?: string };
  targets?: { refId?: string; expr?: string; query?: string }[];
}

/** The queries of every panel reading from one kind of datasource (`expr`, or `query` for Tempo). */
function panelQueries(datasourceType: 'prometheus' | 'loki' | 'tempo'): CheckedExpression[] {
  return DASHBOARDS.flatMap((dashboard) => {
    const { title, panels = [] } = dashboard.build() as unknown as { title: string; panels?: PanelJson[] };
    return panels
      .filter((panel) => panel.datasource?.type === datasourceType)
      .flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ source: `${title} › ${panel.title} › ${target.refId}`, expr: substitute(target.expr ?? target.query ?? '') })),
      );
  });
}

export const dashboardExpressions = (): CheckedExpression[] => panelQueries('prometheus');
export const lokiQueries = (): CheckedExpression[] => panelQueries('loki');
export const traceQlQueries = (): CheckedExpression[] => panelQueries('tempo');

interface VariableJson {
  name: string;
  type: string;
  query?: unknown;
}

/** Query variables (`label_values(selector, label)`) as the PromQL that lists the same values. */
export function variableExpressions(): CheckedExpression[] {
  const seen = new Set<string>();
  return DASHBOARDS.flatMap((dashboard) => {
    const { templating } = dashboard.build() as unknown as { templating: { list: VariableJson[] } };
    return templating.list
      .filter((variable) => variable.type === 'query' && typeof variable.query === 'string')
      .map((variable) => {
        const match = /^label_values\((.+),\s*(\w+)\)$/.exec(String(variable.query));
        if (!match) throw new Error(`variable ${variable.name}: not a label_values query: ${String(variable.query)}`);
        return { source: `variable $${variable.name}`, expr: substitute(`group by (${match[2]}) (${match[1]})`) };
      })
      .filter(({ expr }) => !seen.has(expr) && seen.add(expr));
  });
}

export function ruleExpressions(): CheckedExpression[] {
  return [
    ...RECORDING_RULES.flatMap((rule) => [
      { source: `recording rule ${rule.name} (expression)`, expr: rule.expr },
      { source: `recording rule ${rule.name} (recorded)`, expr: rule.name },
    ]),
    ...ALERT_RULES.flatMap((rule) => rule.signals.map((signal) => ({ source: `alert ${rule.alert} compares`, expr: signal.expr }))),
  ];
}

/** One selector per semconv metric family; histograms are found by their buckets. */
export function metricFamilyExpressions(): CheckedExpression[] {
  return [...Object.values(Metric), ...Object.values(SyntheticMetric)].map((name) => ({ source: `metric family ${name}`, expr: `{__name__=~"${name}|${name}_bucket"}` }));
}
