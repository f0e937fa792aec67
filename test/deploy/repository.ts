// Paths and file readers shared by the deploy tests.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const inRepository = (...parts: string[]): string => join(repositoryRoot, ...parts);

export const readText = (path: string): string => readFileSync(inRepository(path), 'utf8');
export const readYaml = <T = Record<string, unknown>>(path: string): T => parse(readText(path)) as T;

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';
export const PROMTOOL_BINARY = '/usr/bin/promtool';

export interface CommandResult {
  status: number | null;
  output: string;
}

export function promtool(...args: string[]): CommandResult {
  const result = spawnSync(PROMTOOL_BINARY, args, { cwd: repositoryRoot, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

type Components = Record<string, Record<string, unknown> | null>;
export interface CollectorPipeline {
  receivers: string[];
  processors?: string[];
  exporters: string[];
}
/** The parts of an OpenTelemetry Collector config the tests read. */
export interface CollectorConfig {
  receivers: Components;
  processors: Components;
  exporters: Components;
  extensions?: Components;
  service: { extensions?: string[]; pipelines: Record<string, CollectorPipeline>; telemetry?: unknown };
}
