import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { ExitCode, runCli } from '../src/index.js';
import { stdinOf, TargetServer, TextSink } from './support.js';

const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let target: TargetServer;
let receiver: OtlpReceiver;
let dir: string;
let configPath: string;

async function cli(args: string[]) {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await runCli(args, { stdout, stderr, stdin: stdinOf(''), env: {}, stopSignal: new Promise(() => undefined) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the built binary as a user would, to the end. */
function spawnBin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  [target, receiver] = await Promise.all([new TargetServer().start(), new OtlpReceiver().start()]);
  dir = await mkdtemp(join(tmpdir(), 'synthetic-cli-'));
  configPath = join(dir, 'monitors.yaml');
  await writeFile(configPath, `
location: ci
telemetry: { tracesEndpoint: "${receiver.tracesUrl}" }
monitors:
  - id: healthy
    type: http
    requests: [{ name: health, url: "${target.fixture.origin}/health", assert: { json: [{ path: $.status, equals: ok }] } }]
  - id: broken
    type: http
    requests: [{ name: missing page, url: "${target.fixture.origin}/missing" }]
`);
});
afterAll(async () => {
  await Promise.all([target.stop(), receiver.stop()]);
  await rm(dir, { recursive: true, force: true });
});

describe('otel-rum-synthetic CLI', () => {
  it('run exits 0 when the monitor passes and 1 when it fails, and exports the run spans before exiting', async () => {
    const passed = await cli(['run', 'healthy', '--config', configPath]);
    expect(passed.code).toBe(ExitCode.OK);
    expect(passed.stdout).toMatch(/^ok {3}healthy @ ci \(http\) \d+ ms\n {2}ok {3}health \d+ ms\n {2}trace [0-9a-f]{32}\n$/);
    const traceId = /trace ([0-9a-f]{32})/.exec(passed.stdout)![1];
    // `run` flushes its spans on the way out: they are there without waiting.
    expect(receiver.spans.filter((span) => span.traceId === traceId).map((span) => span.name).sort()).toEqual(['synthetic.run healthy', 'synthetic.step health']);

    const failed = await cli(['run', 'broken', '--config', configPath]);
    expect(failed.code).toBe(ExitCode.RUN_FAILED);
    expect(failed.stdout).toMatch(/^FAIL broken @ ci \(http\) \d+ ms\n {2}FAIL missing page \d+ ms: assertion: status 404, expected 2xx\n/);
    expect(JSON.parse(failed.stderr.trim().split('\n').at(-1)!)).toMatchObject({ level: 'warn', message: 'run failure', monitor: 'broken', reason: 'assertion' });
  });

  it('keeps the run result as exit code when its spans cannot be exported', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = join(dir, 'unreachable.yaml');
    await writeFile(unreachable, `telemetry: { tracesEndpoint: "http://127.0.0.1:${port}/v1/traces" }\nmonitors:\n  - { id: healthy, type: http, requests: [{ url: "${target.fixture.origin}/health" }] }\n`);
    const result = await cli(['run', 'healthy', '--config', unreachable]);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stderr).toMatch(/"message":"span export failed","error":".*ECONNREFUSED/);
  });

  it('exits 2, naming the problem, on bad usage, a bad config or an unknown monitor', async () => {
    const badConfig = join(dir, 'bad.yaml');
    await writeFile(badConfig, 'monitors:\n  - id: x\n    type: http\n    frequncy: 1m\n    requests: [{ url: "http://localhost/" }]\n');
    const bad = await cli(['run', 'x', '--config', badConfig]);
    expect(bad).toEqual({ code: ExitCode.USAGE, stdout: '', stderr: `invalid synthetic config ${badConfig}:\n  monitors[0].frequncy: unknown key (expected one of: id, type, timeout, threshold, name, enabled, frequency, location, outage, requests)\n` });

    expect(await cli(['run', 'nope', '--config', configPath])).toMatchObject({ code: ExitCode.USAGE, stderr: 'no monitor "nope" (known: healthy, broken)\n' });
    expect(await cli(['run', 'healthy'])).toMatchObject({ code: ExitCode.USAGE, stderr: expect.stringMatching(/^--config <file> is required\n\nusage:/) });
    expect(await cli(['explode'])).toMatchObject({ code: ExitCode.USAGE, stderr: expect.stringMatching(/^unknown command "explode"/) });
    expect(await cli(['run', 'healthy', '--config', configPath, '--colour'])).toMatchObject({ code: ExitCode.USAGE, stderr: expect.stringMatching(/Unknown option '--colour'/) });
    expect(await cli(['run', 'healthy', '--config', join(dir, 'absent.yaml')])).toMatchObject({ code: ExitCode.USAGE, stderr: expect.stringMatching(/absent\.yaml:\n {2}\(top level\): cannot read the file/) });
    expect(await cli(['--help'])).toMatchObject({ code: ExitCode.OK, stdout: expect.stringMatching(/^usage: otel-rum-synthetic/) });
  });

  it('start exits 2 when its API port is taken', async () => {
    const busyPort = new URL(target.fixture.origin).port;
    const busy = join(dir, 'busy.yaml');
    await writeFile(busy, `api: { port: ${busyPort} }\nmonitors:\n  - { id: x, type: http, enabled: false, requests: [{ url: "http://localhost/" }] }\n`);
    expect(await cli(['start', '--config', busy])).toMatchObject({ code: ExitCode.USAGE, stderr: expect.stringContaining(`cannot start the API on 127.0.0.1:${busyPort}: listen EADDRINUSE`) });
  });

  it('validate checks the config and the vault references without running anything', async () => {
    const before = target.received.length;
    expect(await cli(['validate', '--config', configPath])).toEqual({ code: 0, stdout: `${configPath}: 2 monitor(s) valid: healthy (http), broken (http)\n`, stderr: '' });
    const needsVault = join(dir, 'needs-vault.yaml');
    await writeFile(needsVault, 'monitors:\n  - { id: x, type: http, requests: [{ url: "http://localhost/", headers: { authorization: "{{vault:api.token}}" } }] }\n');
    expect(await cli(['validate', '--config', needsVault])).toEqual({ code: 2, stdout: '', stderr: 'monitors refer to credentials the vault lacks: api.token\n' });
    expect(target.received.length).toBe(before);
  });

  it('the built binary exits with the run result', async () => {
    const passed = await spawnBin(['run', 'healthy', '--config', configPath]);
    expect(passed).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok {3}healthy @ ci/) });
    const failed = await spawnBin(['run', 'broken', '--config', configPath, '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ monitorId: 'broken', result: 'failure', failure: { reason: 'assertion', message: 'status 404, expected 2xx' } });
  });

  it('the built binary serves the API under start and stops cleanly on SIGTERM', async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
    const serviceConfig = join(dir, 'service.yaml');
    await writeFile(serviceConfig, `api: { port: 0 }\nmonitors:\n  - { id: healthy, type: http, frequency: 1h, requests: [{ url: "${target.fixture.origin}/health" }] }\n`);
    const child = spawn(process.execPath, [BIN, 'start', '--config', serviceConfig], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let stdout = '';
    const apiUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = / API on (http:\/\/\S+)\n/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`start exited (${code}) before serving: ${stdout}`)));
    });
    try {
      expect(await (await fetch(`${apiUrl}/healthz`)).text()).toBe('ok\n');
      const run = (await (await fetch(`${apiUrl}/monitors/healthy/run`, { method: 'POST' })).json()) as { result: string };
      expect(run.result).toBe('success');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
