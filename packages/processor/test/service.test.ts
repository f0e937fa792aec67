import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ActionType, Metric, SessionEndReason, SummaryField } from '@otel-rum/semconv';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { browserResource, RumPage } from './support/rum-client.js';
import { readSummaries, SHOP_APP, SHOP_ORIGIN, testConfigDocument, TestProcessor, waitFor } from './support/processor.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const EXAMPLE_CONFIG = fileURLToPath(new URL('../config.example.yaml', import.meta.url));

/** The built CLI, as an operator runs it. */
class CliProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static run(args: string[]): CliProcess {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    return new CliProcess(spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get text(): string {
    return this.output.join('');
  }

  /** The OTLP/HTTP port from the start-up line. */
  port(): Promise<number> {
    return waitFor('the processor to start', () => {
      const match = /OTLP\/HTTP on [^:]+:(\d+)/.exec(this.text);
      return match ? Number(match[1]) : undefined;
    });
  }
}

describe('otel-rum-processor CLI', () => {
  let directory: string;
  const running: CliProcess[] = [];
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'otel-rum-cli-'));
  });
  afterEach(() => {
    for (const cli of running.splice(0)) cli.child.kill('SIGKILL');
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('prints help, checks configs and names the bad key', async () => {
    const help = CliProcess.run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.text).toContain('Usage: otel-rum-processor --config <file.yaml>');
    const valid = CliProcess.run(['--config', EXAMPLE_CONFIG, '--check']);
    expect(await valid.exited).toBe(0);
    expect(valid.text).toContain('valid; 1 application(s): demo-app');
    const badPath = join(directory, 'bad.yaml');
    writeFileSync(badPath, stringify({ applications: [{ id: 'shop', apdex: { toleratingSeconds: 0 } }] }));
    const invalid = CliProcess.run(['--config', badPath, '--check']);
    expect(await invalid.exited).toBe(1);
    expect(invalid.text).toContain('applications[0].apdex.toleratingSeconds: must be a number > 0');
    const missing = CliProcess.run([]);
    expect(await missing.exited).toBe(2);
    expect(missing.text).toContain('--config is required');
  });

  it('saves open sessions on SIGTERM and continues them after a restart, ending each once', async () => {
    const configPath = join(directory, 'restart.yaml');
    const document = testConfigDocument(directory, { application: { sessions: { inactivityTimeoutSeconds: 8 } } });
    writeFileSync(configPath, stringify(document));
    const statePath = join(directory, 'state.json');
    const summariesPath = join(directory, 'summaries.jsonl');

    const first = CliProcess.run(['--config', configPath]);
    running.push(first);
    const firstPort = await first.port();
    const sessionId = 'a'.repeat(32);
    const exporterTo = (port: number) => new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces`, headers: { origin: SHOP_ORIGIN } });
    const before = new RumPage(exporterTo(firstPort), browserResource(SHOP_APP), { sessionId });
    before.userAction('loading of page /', { actionType: ActionType.LOAD, durationMs: 900 }).request(200);
    await before.sendOk();

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.text).toContain('saved 1 open session(s)');
    expect(readFileSync(statePath, 'utf8')).toContain(sessionId);
    expect(readSummaries(summariesPath)).toEqual([]);

    const second = CliProcess.run(['--config', configPath]);
    running.push(second);
    const secondPort = await second.port();
    expect(second.text).toContain('1 open session(s) restored');
    expect(existsSync(statePath)).toBe(false);
    const metrics = await (await fetch(`http://127.0.0.1:${secondPort}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^${Metric.OPEN_SESSIONS} 1$`, 'm'));
    const after = new RumPage(exporterTo(secondPort), browserResource(SHOP_APP), { sessionId });
    after.userAction('click on "Add to cart"', { durationMs: 300 }).request(200);
    await after.sendOk();

    const summary = await waitFor('the continued session to end', () => readSummaries(summariesPath).find((candidate) => candidate[SummaryField.SESSION_ID] === sessionId), 30_000);
    expect(summary[SummaryField.ACTION_COUNT]).toBe(2);
    expect(summary[SummaryField.REQUEST_COUNT]).toBe(2);
    expect(summary[SummaryField.END_REASON]).toBe(SessionEndReason.TIMEOUT);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(readSummaries(summariesPath).filter((candidate) => candidate[SummaryField.SESSION_ID] === sessionId)).toHaveLength(1);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function run(command: string, args: string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

describe('metrics scraped by a real Prometheus', () => {
  let processor: TestProcessor;
  let prometheus: ChildProcess;
  let prometheusUrl: string;
  let directory: string;

  beforeAll(async () => {
    processor = await TestProcessor.start();
    directory = mkdtempSync(join(tmpdir(), 'otel-rum-prometheus-'));
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(directory, 'prometheus.yml'),
      stringify({ global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'otel-rum', scrape_interval: '1s', static_configs: [{ targets: [`127.0.0.1:${processor.service.httpPort}`] }] }] }),
    );
    prometheus = spawn(
      '/usr/bin/prometheus',
      [`--config.file=${join(directory, 'prometheus.yml')}`, `--storage.tsdb.path=${join(directory, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--enable-feature=exemplar-storage'],
      { stdio: 'ignore' },
    );
    await waitFor('Prometheus to be ready', async () => (await fetch(`${prometheusUrl}/-/ready`).catch(() => undefined))?.ok, 30_000);
  });
  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await processor?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function query(promql: string): Promise<number | undefined> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
    const [sample] = body.data.result;
    return sample ? Number(sample.value[1]) : undefined;
  }

  it('sees sessions, actions, rejections and the trace ids of actions as exemplars', async () => {
    const pages = [0, 1, 2].map(() => new RumPage(processor.httpProtoExporter(), browserResource(SHOP_APP)));
    for (const page of pages) page.userAction('click on "Add to cart"', { durationMs: 1200 }).request(200);
    pages[0]!.error('boom');
    await Promise.all(pages.map((page) => page.sendOk()));
    await fetch(processor.tracesUrl, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    await Promise.all(pages.map((page) => processor.summaryOf(page.sessionId)));

    await waitFor('Prometheus to scrape the ended sessions', async () => (await query(`sum(${Metric.SESSIONS_ENDED}{app="${SHOP_APP}"})`)) === 3, 30_000);
    expect(await query(`sum(${Metric.USER_ACTIONS}{app="${SHOP_APP}"})`)).toBe(3);
    expect(await query(`sum(${Metric.ERRORS}{app="${SHOP_APP}"})`)).toBe(1);
    expect(await query(`sum(${Metric.SPANS_RECEIVED}{transport="http"})`)).toBe(7);
    expect(await query(`${Metric.REQUESTS_REJECTED}{reason="malformed"}`)).toBe(1);
    expect(await query(`sum(${Metric.USER_ACTION_DURATION}_count{app="${SHOP_APP}"})`)).toBe(3);

    const exemplars = await waitFor('exemplars of the action durations', async () => {
      const now = Date.now() / 1000;
      const response = await fetch(`${prometheusUrl}/api/v1/query_exemplars?query=${encodeURIComponent(`${Metric.USER_ACTION_DURATION}_bucket`)}&start=${now - 600}&end=${now + 60}`);
      const body = (await response.json()) as { data: { exemplars: { labels: Record<string, string> }[] }[] };
      const traceIds = body.data.flatMap((series) => series.exemplars.map((exemplar) => exemplar.labels.trace_id));
      return traceIds.length > 0 ? traceIds : undefined;
    }, 30_000);
    for (const traceId of exemplars) expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves a classic text page that promtool accepts, and OpenMetrics when asked', async () => {
    const classic = await fetch(`${processor.url}/metrics`);
    expect(classic.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const { code, output } = await run('/usr/bin/promtool', ['check', 'metrics'], await classic.text());
    expect(output).not.toMatch(/error/i);
    expect(code).toBe(0);
    const openMetrics = await fetch(`${processor.url}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    expect(openMetrics.headers.get('content-type')).toContain('application/openmetrics-text');
    expect(await openMetrics.text()).toMatch(/# EOF\n?$/);
  });
});
