// The demo's processor configuration as the end-to-end test runs it, and what it writes. The
// processes themselves (processor CLI, Prometheus) start through the deployment test's live stack.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../../demo/test/child-process.js';

/** Relative to the processor's config file, in its temporary directory. */
export const SUMMARIES_FILE = 'summaries.jsonl';

interface DemoProcessorConfig {
  applications: { allowedOrigins: string[]; sessions?: Record<string, unknown> }[];
  exporters: { jsonLines: { path: string }; otlpLogs?: Record<string, unknown> };
  [key: string]: unknown;
}

/**
 * demo/processor.yaml (without its `server` section: the live stack picks the ports), changed only
 * where a test must: the shop's origin, seconds-long session timeouts, the summaries file, and an
 * OTLP logs exporter for the summaries.
 */
export function demoProcessorConfig(options: { shopOrigin: string; inactivityTimeoutSeconds: number; otlpLogsEndpoint: string }): Record<string, unknown> {
  const { server: _server, ...config } = parseYaml(readFileSync(join(REPO_ROOT, 'demo/processor.yaml'), 'utf8')) as DemoProcessorConfig;
  for (const application of config.applications) {
    application.allowedOrigins = [options.shopOrigin];
    application.sessions = { ...application.sessions, inactivityTimeoutSeconds: options.inactivityTimeoutSeconds };
  }
  config.exporters.jsonLines.path = SUMMARIES_FILE;
  config.exporters.otlpLogs = { endpoint: options.otlpLogsEndpoint, timeoutSeconds: 1 };
  return config;
}

/** Session summaries the processor wrote as JSON lines so far. */
export function readSummaries(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
