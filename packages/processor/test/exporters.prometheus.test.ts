// A real Prometheus scrapes the running processor: the OpenMetrics page (with exemplars) must parse,
// and the conversion rate per behaviour segment must come out of a PromQL query.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionType, BehaviourSegment, EventType, EXEMPLAR_TRACE_ID, Label, Metric } from '@otel-rum/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RumPage, browserResource } from './support/rum-client.js';
import { SHOP_APP, TestProcessor, waitFor } from './support/processor.js';

const PAY = 'click on "Pay"';
const CHECKOUT_URL = 'https://shop.example.com/checkout';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Debian's Prometheus, on a free port and a temp directory, scraping one target every second. */
class TestPrometheus {
  private constructor(
    private readonly child: ChildProcess,
    private readonly directory: string,
    readonly url: string,
    readonly output: string[],
  ) {}

  static async start(target: string): Promise<TestPrometheus> {
    const directory = mkdtempSync(join(tmpdir(), 'otel-rum-prometheus-'));
    const port = await freePort();
    const config = join(directory, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  scrape_timeout: 1s',
        'scrape_configs:',
        '  - job_name: otel-rum-processor',
        '    static_configs:',
        `      - targets: ['${target}']`,
        '',
      ].join('\n'),
    );
    const child = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(directory, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--enable-feature=exemplar-storage',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const prometheus = new TestPrometheus(child, directory, `http://127.0.0.1:${port}`, output);
    await waitFor('Prometheus to be ready', async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${output.join('')}`);
      return fetch(`${prometheus.url}/-/ready`).then((response) => response.ok || undefined, () => undefined);
    });
    return prometheus;
  }

  async api<T>(path: string, parameters: Record<string, string>): Promise<T> {
    const response = await fetch(`${this.url}/api/v1/${path}?${new URLSearchParams(parameters).toString()}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  }

  /** An instant query's vector as label set → value. */
  async query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]> {
    const data = await this.api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>('query', { query: promql });
    return data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
  }

  async targetHealth(): Promise<{ health: string; lastError: string }[]> {
    const data = await this.api<{ activeTargets: { health: string; lastError: string }[] }>('targets', {});
    return data.activeTargets;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}

describe('exporters: a real Prometheus scraping the processor', () => {
  let processor: TestProcessor;
  let prometheus: TestPrometheus;

  beforeAll(async () => {
    processor = await TestProcessor.start({ application: { conversionGoals: [{ name: 'paid', action: PAY }] } });
    prometheus = await TestPrometheus.start(`127.0.0.1:${processor.service.httpPort}`);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await processor?.stop();
  });

  it('computes the conversion rate per behaviour segment with PromQL, and keeps the trace-id exemplars', async () => {
    // On /checkout: clean sessions convert 1 in 2, rage-clicking ones 1 in 3.
    const sessions: { rage: boolean; pays: boolean }[] = [
      { rage: false, pays: true },
      { rage: false, pays: false },
      { rage: true, pays: true },
      { rage: true, pays: false },
      { rage: true, pays: false },
    ];
    for (const { rage, pays } of sessions) {
      const page = new RumPage(processor.httpJsonExporter(), browserResource(SHOP_APP), { url: CHECKOUT_URL });
      page.event(EventType.SESSION_START).userAction('loading of page /checkout', { actionType: ActionType.LOAD, durationMs: 1200 });
      if (rage) page.event(EventType.RAGE_CLICK);
      if (pays) page.userAction(PAY);
      await page.sendOk();
    }

    const checkout = `${Label.APP}="${SHOP_APP}",${Label.PAGE_GROUP}="/checkout"`;
    const conversionRate =
      `sum by (${Label.SEGMENT}) (${Metric.SESSION_SEGMENTS}{${checkout},${Label.CONVERTED}="true"})` +
      ` / sum by (${Label.SEGMENT}) (${Metric.SESSION_SEGMENTS}{${checkout}})`;
    const rates = await waitFor('the sessions to end and be scraped', async () => {
      const result = await prometheus.query(conversionRate);
      const ended = await prometheus.query(`sum(${Metric.SESSIONS_ENDED}{${Label.APP}="${SHOP_APP}"})`);
      return ended[0]?.value === sessions.length && result.length === 2 ? result : undefined;
    });
    const bySegment = Object.fromEntries(rates.map((sample) => [sample.metric[Label.SEGMENT], sample.value]));
    expect(bySegment[BehaviourSegment.CLEAN]).toBeCloseTo(1 / 2);
    expect(bySegment[BehaviourSegment.RAGE_CLICK]).toBeCloseTo(1 / 3);

    // Every session closed: the application's gauge reads 0 rather than vanishing.
    const active = await prometheus.query(`${Metric.ACTIVE_SESSIONS}{${Label.APP}="${SHOP_APP}"}`);
    expect(active.map((sample) => sample.value)).toEqual([0]);

    // Prometheus scraped OpenMetrics (exemplars are only there) without a parse error.
    expect((await prometheus.targetHealth()).map((target) => [target.health, target.lastError])).toEqual([['up', '']]);
    const now = Date.now() / 1000;
    const exemplars = await prometheus.api<{ exemplars: { labels: Record<string, string>; value: string }[] }[]>('query_exemplars', {
      query: `${Metric.USER_ACTION_DURATION}_bucket{${checkout}}`,
      start: String(now - 300),
      end: String(now + 60),
    });
    const traceIds = exemplars.flatMap((series) => series.exemplars.map((exemplar) => exemplar.labels[EXEMPLAR_TRACE_ID]));
    expect(traceIds.length).toBeGreaterThan(0);
    for (const traceId of traceIds) expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
