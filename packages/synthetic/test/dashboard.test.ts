import { SyntheticMetric } from '@otel-rum/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parser as traceQlParser } from '@grafana/lezer-traceql';
import { failedRunTraceQuery, syntheticDashboard } from '../../../grafana/src/dashboards/synthetic.js';
import { eventually, startPrometheus, type RunningPrometheus } from '../../../test/deploy/live-stack.js';
import { parseConfig, Synthetic } from '../src/index.js';
import { TargetServer, TextSink } from './support.js';

interface PanelJson {
  title: string;
  datasource?: { type?: string };
  targets?: { refId: string; expr?: string; query?: string }[];
}

/** Grafana's variables as a user who picked "All" would send them. */
const VARIABLES: Record<string, string> = { __range: '10m', monitor: '.*', location: '.*' };
const substitute = (expr: string): string =>
  expr.replace(/\$(\w+)/g, (_match, name: string) => {
    const value = VARIABLES[name];
    if (value === undefined) throw new Error(`no test value for $${name} in ${expr}`);
    return value;
  });

let healthy: TargetServer;
let broken: TargetServer;
let synthetic: Synthetic;
let prometheus: RunningPrometheus;

beforeAll(async () => {
  [healthy, broken] = await Promise.all([new TargetServer().start(), new TargetServer().start()]);
  broken.mode = 'error';
  const config = parseConfig(`
location: lab
api: { port: 0 }
defaults: { frequency: 250ms, outage: { consecutiveFailures: 2 } }
monitors:
  - { id: shop, type: http, requests: [{ name: health, url: "${healthy.origin}/health" }] }
  - { id: checkout, type: http, requests: [{ name: health, url: "${broken.origin}/health" }] }
`, { env: {} });
  synthetic = await Synthetic.open(config, { env: {}, log: new TextSink() });
  await synthetic.start();
  prometheus = await startPrometheus([new URL(synthetic.apiUrl).host], []);
  // rate() and increase() need two scrapes with runs between them.
  await eventually('three scrapes of the runner', async () => {
    const [series] = await prometheus.query(`min(count_over_time(${SyntheticMetric.RUNS}[1h]))`);
    return Number(series?.value[1] ?? 0) >= 3 ? true : undefined;
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await synthetic?.shutdown();
  await Promise.all([healthy?.stop(), broken?.stop()]);
});

describe('the Synthetic dashboard against a real runner scraped by Prometheus', () => {
  const panels = (syntheticDashboard.build() as unknown as { panels: PanelJson[] }).panels;
  const prometheusPanels = panels.filter((panel) => panel.datasource?.type === 'prometheus');
  const queries = prometheusPanels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ source: `${panel.title} › ${target.refId}`, expr: substitute(target.expr ?? '') })));

  it('has queries', () => {
    expect(queries.length).toBeGreaterThan(10);
  });

  it.each(queries.map((query) => [query.source, query.expr] as const))('%s returns data', async (_source, expr) => {
    const result = await prometheus.query(expr);
    expect(result.length, expr).toBeGreaterThan(0);
    for (const sample of result) expect(Number.isFinite(Number(sample.value[1])), `${expr} gave ${sample.value[1]}`).toBe(true);
  });

  it('tells the healthy monitor from the broken one', async () => {
    const table = panels.find((panel) => panel.title === 'Monitors')!;
    const availability = await prometheus.query(substitute(table.targets![0]!.expr!));
    const byMonitor = Object.fromEntries(availability.map((sample) => [sample.metric.monitor, Number(sample.value[1])]));
    expect(byMonitor).toEqual({ shop: 1, checkout: 0 });
    const openProblems = panels.find((panel) => panel.title === 'Open problems')!;
    expect(Number((await prometheus.query(substitute(openProblems.targets![0]!.expr!)))[0]?.value[1])).toBe(1);
  });

  it('finds failed runs in Tempo with a TraceQL query that parses', () => {
    const tempo = panels.find((panel) => panel.datasource?.type === 'tempo');
    expect(tempo?.targets?.[0]?.query).toBe(failedRunTraceQuery());
    const syntaxErrors = (query: string): number[] => {
      const errors: number[] = [];
      traceQlParser.parse(query).iterate({ enter: (node) => void (node.type.isError && errors.push(node.from)) });
      return errors;
    };
    expect(syntaxErrors(substitute(failedRunTraceQuery()))).toEqual([]);
    expect(syntaxErrors('{ span.dt.rum.synthetic.result = }').length).toBeGreaterThan(0);
  });
});
