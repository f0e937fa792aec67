// The committed dashboards, rules, rule tests and provisioning are exactly what the code generates,
// and they speak only semconv's metric and label names.
import { Label, Metric } from '@otel-rum/semconv';
import { describe, expect, it } from 'vitest';
import { artifacts, DASHBOARDS, RECORDING_RULES } from '../../grafana/src/index.js';
import { readText } from './repository.js';

interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string };
  targets?: { expr?: string; query?: string; exemplar?: boolean }[];
}
interface DashboardJson {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string }[] };
}

const dashboards = DASHBOARDS.map((dashboard) => dashboard.build() as unknown as DashboardJson);
const prometheusExpressions = dashboards.flatMap((dashboard) =>
  dashboard.panels.flatMap((panel) => (panel.datasource?.type === 'prometheus' ? (panel.targets ?? []).map((target) => target.expr ?? '') : [])),
);

describe('generated files', () => {
  it.each(artifacts().map((artifact) => [artifact.path, artifact.content] as const))('%s is up to date (npm run dashboards:generate)', (path, content) => {
    expect(readText(path), `${path} drifted from grafana/src: run npm run dashboards:generate`).toBe(content);
  });
});

describe('dashboards', () => {
  it('are the five of the issue, with distinct uids', () => {
    expect(dashboards.map((dashboard) => dashboard.title)).toEqual([
      'RUM overview',
      'RUM web vitals',
      'RUM errors and frustration',
      'RUM sessions',
      'RUM frontend ↔ backend',
    ]);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
  });

  it.each(dashboards.map((dashboard) => [dashboard.title, dashboard] as const))('%s has application and page-group variables', (_title, dashboard) => {
    const names = dashboard.templating.list.map((variable) => variable.name);
    expect(names).toContain(Label.APP);
    expect(names).toContain(Label.PAGE_GROUP);
  });

  it('query only metrics that semconv names or the recording rules produce', () => {
    const known = new Set<string>([...Object.values(Metric), ...RECORDING_RULES.map((rule) => rule.name)]);
    const histogramSeries = /_(bucket|sum|count)$/;
    const unknown = prometheusExpressions
      .flatMap((expr) => expr.match(/\b[a-z_]*:?rum_[a-z0-9_:]+/g) ?? [])
      .filter((name) => !known.has(name) && !known.has(name.replace(histogramSeries, '')));
    expect(unknown).toEqual([]);
    expect(prometheusExpressions.length).toBeGreaterThan(30);
  });

  it('show every metric family of SPEC §6', () => {
    const queried = Object.values(Metric).filter((name) => prometheusExpressions.some((expr) => new RegExp(`\\b${name}(_bucket|_sum|_count)?\\b`).test(expr)));
    expect(queried).toEqual(Object.values(Metric));
  });

  it('plot action durations with exemplars on the frontend ↔ backend dashboard', () => {
    const frontendBackend = dashboards.find((dashboard) => dashboard.uid === 'otel-rum-frontend-backend');
    const exemplarTargets = frontendBackend?.panels.flatMap((panel) => panel.targets ?? []).filter((target) => target.exemplar === true) ?? [];
    expect(exemplarTargets.length).toBeGreaterThan(0);
    for (const target of exemplarTargets) expect(target.expr).toContain(Metric.USER_ACTION_DURATION);
  });

  it('read the session summaries from Loki on the sessions dashboard', () => {
    const sessions = dashboards.find((dashboard) => dashboard.uid === 'otel-rum-sessions');
    const logs = sessions?.panels.find((panel) => panel.type === 'logs');
    expect(logs?.datasource?.type).toBe('loki');
    expect(logs?.targets?.[0]?.expr).toMatch(/event_name="dt\.rum\.session_summary"/);
    for (const filter of ['ux_score=~"$ux_score"', 'end_reason=~"$end_reason"', 'converted=~"$converted"', 'dt_rum_user_tag=~']) {
      expect(logs?.targets?.[0]?.expr).toContain(filter);
    }
  });
});
