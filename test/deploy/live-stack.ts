// A real processor and synthetic runner (their CLIs, from packages/*/dist) and a real Prometheus
// (Debian's), each on a free port with a temporary directory, for the PromQL check. Nothing here is mocked.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { inRepository, PROMETHEUS_BINARY } from './repository.js';

export const PROCESSOR_CLI = inRepository('packages/processor/dist/cli.js');
export const SYNTHETIC_CLI = inRepository('packages/synthetic/dist/cli.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(description: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A child process whose output is kept for the error message when something goes wrong. */
class Child {
  private output = '';
  private readonly process: ChildProcess;

  constructor(command: string, args: string[]) {
    this.process = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

async function healthy(child: Child, name: string, url: string): Promise<void> {
  await eventually(`${name} at ${url}`, async () => {
    if (child.exited) throw new Error(`${name} exited:\n${child.log}`);
    const response = await fetch(url);
    return response.ok ? true : undefined;
  });
}

export interface RunningService {
  readonly baseUrl: string;
  readonly directory: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

/** Writes `config` to a temporary directory, starts `node <cli> …args --config <file>` and waits until `<baseUrl>/healthz` answers. */
async function startCli(name: string, cli: string, args: readonly string[], config: Record<string, unknown>, port: number): Promise<RunningService> {
  const directory = mkdtempSync(join(tmpdir(), `${name}-`));
  const configPath = join(directory, `${name}.yaml`);
  writeFileSync(configPath, stringify(config));
  const child = new Child(process.execPath, [cli, ...args, '--config', configPath]);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await healthy(child, name, `${baseUrl}/healthz`);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    baseUrl,
    directory,
    log: () => child.log,
    async stop() {
      await child.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Starts `otel-rum-processor --config <file>` with `config` (server ports filled in). */
export async function startProcessor(config: Record<string, unknown>): Promise<RunningService> {
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  return startCli('otel-rum-processor', PROCESSOR_CLI, [], { ...config, server: { host: '127.0.0.1', httpPort, grpcPort } }, httpPort);
}

/** Starts `otel-rum-synthetic start --config <file>` with `config` (API address filled in). */
export async function startSynthetic(config: Record<string, unknown>): Promise<RunningService> {
  const port = await freePort();
  return startCli('otel-rum-synthetic', SYNTHETIC_CLI, ['start'], { ...config, api: { host: '127.0.0.1', port } }, port);
}

export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}
export interface Exemplar {
  labels: Record<string, string>;
  value: string;
}

export interface RunningPrometheus {
  readonly url: string;
  query(expr: string): Promise<PrometheusSample[]>;
  exemplars(expr: string): Promise<Exemplar[]>;
  stop(): Promise<void>;
}

async function api<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${url}: ${body.error ?? response.status}`);
  return body.data;
}

/** Debian's Prometheus scraping `targets` (`host:port`) every second, evaluating `ruleFiles` every second, exemplars on. */
export async function startPrometheus(targets: readonly string[], ruleFiles: readonly string[]): Promise<RunningPrometheus> {
  const directory = mkdtempSync(join(tmpdir(), 'otel-rum-prometheus-'));
  const port = await freePort();
  const configPath = join(directory, 'prometheus.yml');
  writeFileSync(
    configPath,
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ruleFiles,
      scrape_configs: [{ job_name: 'otel-rum', static_configs: [{ targets }] }],
    }),
  );
  const child = new Child(PROMETHEUS_BINARY, [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${join(directory, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--enable-feature=exemplar-storage',
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await healthy(child, 'Prometheus', `${url}/-/ready`);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url,
    query: (expr) => api<{ result: PrometheusSample[] }>(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`).then((data) => data.result),
    async exemplars(expr) {
      const end = Date.now() / 1000;
      const data = await api<{ exemplars: Exemplar[] }[]>(
        `${url}/api/v1/query_exemplars?query=${encodeURIComponent(expr)}&start=${end - 3600}&end=${end + 60}`,
      );
      return data.flatMap((series) => series.exemplars);
    },
    async stop() {
      await child.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
