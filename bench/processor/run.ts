// `npm run bench:processor`: the processor's whole ingest path over HTTP — receive, gunzip, decode,
// check, enrich, sessionize, metrics — pinned to one core, beside a bare JSON.parse of the same bytes
// and a bare node:http server taking the same requests, on the same core in the same run; then heap
// bytes per open session. Prints a table against the goals.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf } from './cpu.js';
import { buildPayloads, type Payload } from './payloads.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SERVER_CORE = process.env.BENCH_CORE ?? '1';
const CLIENT_CORE = SERVER_CORE === '0' ? '1' : '0';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOALS = { json: 100_000, jsonRatio: 0.5, protobuf: 300_000, bytesPerSession: 512 };

interface Scenario {
  readonly name: string;
  readonly format: 'json' | 'protobuf';
  readonly spansPerBatch: number;
  readonly payloads: Payload[];
}

function pinned(script: string, args: string[] = [], nodeFlags: string[] = []): ChildProcess {
  return spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...nodeFlags, join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(buffered.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`${String(child.spawnargs.join(' '))} exited with ${code}`)));
  });
}

async function allOutput(child: ChildProcess): Promise<string> {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${child.spawnargs.join(' ')} exited with ${code}`);
  return output;
}

/** Posts the scenario's gzip bodies round-robin with `concurrency` requests in flight for `seconds`. */
async function drive(port: number, scenario: Scenario, seconds: number, concurrency: number): Promise<{ spans: number; requests: number; failures: number; wallSeconds: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const contentType = scenario.format === 'json' ? 'application/json' : 'application/x-protobuf';
  let next = 0;
  let spans = 0;
  let requests = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const send = (payload: Payload): Promise<void> =>
    new Promise((resolve) => {
      const body = scenario.format === 'json' ? payload.jsonGzip : payload.protobufGzip;
      const outgoing = request(
        { host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', agent, headers: { 'content-type': contentType, 'content-encoding': 'gzip', 'content-length': body.length } },
        (response) => {
          response.resume();
          response.once('end', () => {
            if (response.statusCode === 200) spans += payload.spans;
            else failures++;
            requests++;
            resolve();
          });
        },
      );
      outgoing.once('error', () => {
        failures++;
        resolve();
      });
      outgoing.end(body);
    });
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) await send(scenario.payloads[next++ % scenario.payloads.length]!);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { spans, requests, failures, wallSeconds: (performance.now() - started) / 1000 };
}

/** Warms `server` up with `scenario`, then drives it for SECONDS; adds the server's CPU seconds and rate per CPU second. */
async function measure(server: ChildProcess, port: number, scenario: Scenario, concurrency: number) {
  await drive(port, scenario, 1, concurrency);
  const cpuBefore = cpuSecondsOf(server.pid!);
  const result = await drive(port, scenario, SECONDS, concurrency);
  const cpu = cpuSecondsOf(server.pid!) - cpuBefore;
  return { ...result, cpu, spansPerCpuSecond: result.spans / cpu };
}

const format = (value: number): string => Math.round(value).toLocaleString('en-US');
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  console.log(`processor benchmark: server pinned to core ${SERVER_CORE} (taskset), load generator on core ${CLIENT_CORE}; ${ROUNDS} rounds of ${SECONDS} s per scenario; Node ${process.version}`);
  const nowMs = Date.now();
  const sizes = [512, 16];
  const scenarios: Scenario[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'otel-rum-bench-'));
  for (const spansPerBatch of sizes) {
    const payloads = buildPayloads({ batches: spansPerBatch === 512 ? 24 : 400, spansPerBatch, spansPerResource: spansPerBatch === 512 ? 32 : 16, seed: spansPerBatch, nowMs });
    for (const format of ['json', 'protobuf'] as const) {
      scenarios.push({ name: `${format}-${spansPerBatch}`, format, spansPerBatch, payloads });
      payloads.forEach((payload, index) => writeFileSync(join(directory, `${format}-${spansPerBatch}.${payload.spans}.${String(index).padStart(4, '0')}`), payload[format]));
    }
    const spans = payloads.reduce((sum, payload) => sum + payload.spans, 0);
    const bytes = (key: keyof Payload) => payloads.reduce((sum, payload) => sum + (payload[key] as Buffer).length, 0) / spans;
    console.log(`  ${spansPerBatch}-span batches: ${format(bytes('json'))} B/span JSON (${format(bytes('jsonGzip'))} gzip), ${format(bytes('protobuf'))} B/span protobuf (${format(bytes('protobufGzip'))} gzip)`);
  }

  // BENCH_ONLY=protobuf-512 runs one scenario; BENCH_CPU_PROF=1 writes a V8 CPU profile of the server to .bench-results/processor/profiles.
  // This machine's speed drifts by tens of percent from minute to minute, so each round measures every
  // scenario and then the baseline on the same core, and the table reports medians over the rounds.
  const server = pinned('server.mjs', [], process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(here, 'profiles')}`] : []);
  const { port } = JSON.parse(await firstLine(server)) as { port: number };
  const floorServer = pinned('http-floor.mjs');
  const { port: floorPort } = JSON.parse(await firstLine(floorServer)) as { port: number };
  const floor: Record<string, number[]> = {};
  const measured: Record<string, { spansPerCpuSecond: number[]; spansPerWallSecond: number[]; serverCpu: number[]; ratio: number[]; failures: number }> = {};
  const baselines: Record<string, number[]> = {};
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const scenariosRun = scenarios.filter((candidate) => !process.env.BENCH_ONLY || candidate.name === process.env.BENCH_ONLY);
      for (const scenario of scenariosRun) {
        const concurrency = scenario.spansPerBatch === 512 ? 4 : 16;
        const result = await measure(server, port, scenario, concurrency);
        const entry = (measured[scenario.name] ??= { spansPerCpuSecond: [], spansPerWallSecond: [], serverCpu: [], ratio: [], failures: 0 });
        entry.spansPerCpuSecond.push(result.spansPerCpuSecond);
        entry.spansPerWallSecond.push(result.spans / result.wallSeconds);
        entry.serverCpu.push(result.cpu / result.wallSeconds);
        entry.failures += result.failures;
        if (scenario.format === 'protobuf') (floor[scenario.name] ??= []).push((await measure(floorServer, floorPort, scenario, concurrency)).spansPerCpuSecond);
      }
      const baseline = JSON.parse(await allOutput(pinned('baseline.mjs', [directory, String((SECONDS * 1000) / 2), ...sizes.map(String)]))) as Record<string, number>;
      for (const [name, value] of Object.entries(baseline)) (baselines[name] ??= []).push(value);
      // Each ratio is this round's rate over this round's JSON.parse.
      for (const scenario of scenariosRun) {
        const entry = measured[scenario.name]!;
        entry.ratio.push(entry.spansPerCpuSecond.at(-1)! / baseline[`JSON.parse-${scenario.spansPerBatch}`]!);
      }
    }
  } finally {
    server.kill('SIGTERM');
    floorServer.kill('SIGTERM');
    rmSync(directory, { recursive: true, force: true });
  }

  console.log(`\nThroughput, whole path over HTTP (spans per CPU second of the pinned server; median of ${ROUNDS} rounds, lowest–highest beside; wall-clock rate and server core use):`);
  console.log('| batch | format | spans/s per core | rounds | goal | wall spans/s | server core busy | bare JSON.parse spans/s | ratio to JSON.parse |');
  console.log('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
  for (const scenario of scenarios) {
    const entry = measured[scenario.name];
    if (!entry) continue;
    const rate = median(entry.spansPerCpuSecond);
    const ratio = median(entry.ratio);
    const goal =
      scenario.format === 'json'
        ? `≥ ${format(GOALS.json)} and ≥ ${GOALS.jsonRatio}× JSON.parse: ${verdict(rate >= GOALS.json && ratio >= GOALS.jsonRatio)}`
        : `≥ ${format(GOALS.protobuf)}: ${verdict(rate >= GOALS.protobuf)}`;
    console.log(
      `| ${scenario.spansPerBatch} | ${scenario.format} | ${format(rate)} | ${format(Math.min(...entry.spansPerCpuSecond))}–${format(Math.max(...entry.spansPerCpuSecond))} | ${goal} | ${format(median(entry.spansPerWallSecond))} | ${Math.round(median(entry.serverCpu) * 100)} % | ${format(median(baselines[`JSON.parse-${scenario.spansPerBatch}`]!))} | ${ratio.toFixed(2)}× |${entry.failures ? ` ${entry.failures} failed requests` : ''}`,
    );
  }
  console.log('\nThe HTTP floor: a bare node:http server on the same core that reads each body and answers 200, nothing else (spans per CPU second, medians):');
  for (const [name, values] of Object.entries(floor)) {
    const spansPerBatch = Number(name.split('-')[1]);
    const processor = median(measured[name]!.spansPerCpuSecond);
    console.log(`  ${name}: ${format(median(values))} spans/s (${format(median(values) / spansPerBatch)} requests/s); the processor does ${Math.round((100 * processor) / median(values))} % of that`);
  }
  console.log('\nFor the record, same core (spans per CPU second, medians): the decoders alone, and the whole path in-process without HTTP:');
  for (const [name, values] of Object.entries(baselines)) console.log(`  ${name}: ${format(median(values))} (${values.map(format).join(', ')})`);

  console.log('\nHeap per open session (sessionizer fed through the ingest pipeline; --expose-gc):');
  console.log('| open sessions | heap bytes per session | goal | longest GC pause |');
  console.log('| ---: | ---: | --- | ---: |');
  for (const sessions of [100_000, 1_000_000]) {
    const memory = JSON.parse(await allOutput(pinned('memory.mjs', [String(sessions)], ['--expose-gc', '--max-old-space-size=8192']))) as { bytesPerSession: number; longestGcPauseMs: number };
    console.log(`| ${format(sessions)} | ${format(memory.bytesPerSession)} | ≤ ${GOALS.bytesPerSession}: ${verdict(memory.bytesPerSession <= GOALS.bytesPerSession)} | ${memory.longestGcPauseMs.toFixed(1)} ms |`);
  }
}

await main();
