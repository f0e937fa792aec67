// The PromQL the committed Grafana dashboards run, with Grafana's variables filled in as a user
// looking at one application over the last few minutes would have them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../demo/test/child-process.js';

interface Panel {
  title?: string;
  type?: string;
  datasource?: { type?: string };
  targets?: { expr?: string; datasource?: { type?: string } }[];
  panels?: Panel[];
}

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

function* panelsOf(panels: Panel[] = []): Generator<Panel> {
  for (const panel of panels) {
    yield panel;
    yield* panelsOf(panel.panels);
  }
}

/** Every Prometheus query of every dashboard under grafana/dashboards (Loki and Tempo panels need those backends). */
export function dashboardQueries(variables: Record<string, string>): DashboardQuery[] {
  const directory = join(REPO_ROOT, 'grafana/dashboards');
  const queries: DashboardQuery[] = [];
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(directory, file), 'utf8')) as { title: string; panels?: Panel[] };
    for (const panel of panelsOf(dashboard.panels)) {
      for (const target of panel.targets ?? []) {
        const datasource = target.datasource?.type ?? panel.datasource?.type;
        if (datasource !== 'prometheus' || !target.expr) continue;
        const expr = target.expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
          if (!(name in variables)) throw new Error(`${file}: panel "${panel.title}" uses $${name}, which the test does not fill in`);
          return variables[name]!;
        });
        queries.push({ dashboard: dashboard.title, panel: panel.title ?? '(untitled)', expr });
      }
    }
  }
  return queries;
}
