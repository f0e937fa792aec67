import { spawnSync } from 'node:child_process';
import { SyntheticMetric } from '@otel-rum/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { parseConfig, Synthetic, type RunResult } from '../src/index.js';
import { TargetServer, TextSink } from './support.js';

interface MonitorView {
  id: string;
  running: boolean;
  problemOpen: boolean;
  lastRun?: RunResult;
}

let target: TargetServer;
let flaky: TargetServer;
let receiver: OtlpReceiver;
let synthetic: Synthetic;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const api = (path: string, init?: RequestInit) => fetch(`${synthetic.apiUrl}${path}`, init);
const monitors = async () => (await (await api('/monitors')).json()) as MonitorView[];

beforeAll(async () => {
  [target, flaky, receiver] = await Promise.all([new TargetServer().start(), new TargetServer().start(), new OtlpReceiver().start()]);
  flaky.mode = 'error';
  const config = parseConfig(`
location: lab
api: { port: 0 }
telemetry: { tracesEndpoint: "${receiver.tracesUrl}" }
defaults: { frequency: 200ms, outage: { consecutiveFailures: 2 } }
monitors:
  - id: shop
    type: http
    requests: [{ name: health, url: "${target.fixture.origin}/health" }]
  - id: flaky
    type: http
    requests: [{ name: health, url: "${flaky.fixture.origin}/health" }]
  - id: manual
    type: http
    enabled: false
    requests: [{ name: health, url: "${target.fixture.origin}/health?manual" }]
`, { env: {} });
  synthetic = await Synthetic.open(config, { env: {}, log: new TextSink(), exportDelayMs: 100 });
  await synthetic.start();
});

afterAll(async () => {
  await synthetic?.shutdown();
  await Promise.all([target.stop(), flaky.stop(), receiver.stop()]);
});

describe('the scheduler and HTTP API', () => {
  it('run enabled monitors on schedule and open a problem for the failing one', async () => {
    const flakyView = await until('a problem on flaky', async () => (await monitors()).find((view) => view.id === 'flaky' && view.problemOpen));
    expect(flakyView.lastRun).toMatchObject({ trigger: 'schedule', result: 'failure', problem: { open: true } });
    const shop = await until('a run of shop', async () => (await monitors()).find((view) => view.id === 'shop' && view.lastRun));
    expect(shop.lastRun).toMatchObject({ trigger: 'schedule', result: 'success' });
    expect((await monitors()).find((view) => view.id === 'manual')?.lastRun).toBeUndefined();
    expect(await (await api('/problems')).json()).toEqual([expect.objectContaining({ monitorId: 'flaky', location: 'lab', consecutiveFailures: expect.any(Number) })]);

    // Recovery closes the problem at the next scheduled run.
    flaky.mode = 'up';
    await until('flaky to recover', async () => ((await (await api('/problems')).json()) as unknown[]).length === 0 || undefined);
    expect((await monitors()).find((view) => view.id === 'flaky')?.problemOpen).toBe(false);
  });

  it('run a monitor on demand, disabled ones too, and answer its result', async () => {
    const response = await api('/monitors/manual/run', { method: 'POST' });
    expect(response.status).toBe(200);
    const result = (await response.json()) as RunResult;
    expect(result).toMatchObject({ monitorId: 'manual', trigger: 'on_demand', result: 'success', steps: [expect.objectContaining({ name: 'health', result: 'success' })] });
    expect((await (await api('/monitors/manual')).json()) as MonitorView).toMatchObject({ id: 'manual', lastRun: { runId: result.runId } });
    await synthetic.tracing.flush();
    expect(receiver.spans.find((span) => span.traceId === result.traceId && span.name === 'synthetic.run manual')?.attributes['dt.rum.synthetic.run.trigger']).toBe('on_demand');
  });

  it('refuses a second run of a monitor that is running, unknown monitors and wrong methods', async () => {
    target.mode = 'slow';
    target.slowMs = 1500;
    try {
      const first = api('/monitors/manual/run', { method: 'POST' });
      await until('the run to start', async () => (await monitors()).find((view) => view.id === 'manual' && view.running));
      const second = await api('/monitors/manual/run', { method: 'POST' });
      expect(second.status).toBe(409);
      expect(await second.json()).toEqual({ error: 'monitor manual is running already' });
      expect((await first).status).toBe(200);
    } finally {
      target.mode = 'up';
    }
    const unknown = await api('/monitors/nope/run', { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/^no monitor "nope" \(known: shop, flaky, manual\)$/);
    expect((await api('/monitors/shop/run')).status).toBe(405);
    expect((await api('/nowhere')).status).toBe(404);
    expect(await (await api('/healthz')).text()).toBe('ok\n');
  });

  it('serve Prometheus metrics that promtool accepts', async () => {
    const response = await api('/metrics');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of Object.values(SyntheticMetric)) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/rum_synthetic_runs_total\{monitor="shop",location="lab",monitor_type="http",result="success"\} [1-9]/);
    expect(text).toMatch(/rum_synthetic_failures_total\{monitor="flaky",location="lab",reason="assertion"\} [1-9]/);
    expect(text).toMatch(/rum_synthetic_step_duration_seconds_bucket\{le="\+Inf",monitor="shop",location="lab",step="health"\} [1-9]/);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.stderr + check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('the HTTP API with a token', () => {
  it('wants the bearer token on every route but /healthz and /metrics', async () => {
    const config = parseConfig(`
api: { port: 0, tokenEnv: SYNTHETIC_API_TOKEN }
monitors: [{ id: shop, type: http, enabled: false, requests: [{ url: "${target.fixture.origin}/health" }] }]
`, { env: {} });
    await expect(Synthetic.open(config, { env: {}, log: new TextSink() })).rejects.toThrow(/api\.tokenEnv: the API token is not set: put it in the SYNTHETIC_API_TOKEN environment variable/);
    const guarded = await Synthetic.open(config, { env: { SYNTHETIC_API_TOKEN: 'tkn-0123456789' }, log: new TextSink() });
    await guarded.start();
    try {
      const call = (path: string, token?: string, method = 'GET') => fetch(`${guarded.apiUrl}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect((await call('/monitors')).status).toBe(401);
      expect((await call('/monitors/shop/run', 'wrong', 'POST')).status).toBe(401);
      expect((await call('/monitors/shop/run', 'tkn-012345678', 'POST')).status).toBe(401);
      expect((await call('/monitors/shop/run', 'tkn-0123456789', 'POST')).status).toBe(200);
      expect((await call('/monitors', 'tkn-0123456789')).status).toBe(200);
      expect((await call('/healthz')).status).toBe(200);
      expect((await call('/metrics')).status).toBe(200);
    } finally {
      await guarded.shutdown();
    }
  });
});
