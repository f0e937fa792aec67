#!/usr/bin/env node
/* global fetch, setInterval, clearInterval, AbortSignal */
// `npm start`: the whole product on one machine, from a fresh clone. Installs what is missing,
// builds, starts the processor with demo/processor.yaml, the demo shop and (where Debian's
// prometheus is installed) Prometheus with the shipped rules, prints the URLs and keeps a live
// one-line summary read from the processor's /metrics. `npm start -- --traffic` also runs the
// traffic generator. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const PROMETHEUS = '/usr/bin/prometheus';
const USAGE = `usage: npm start [-- --traffic [--sessions N | --duration 10m]] [--shop-port 3000] [--processor-port 4318]
                 [--prometheus-port 9090] [--no-prometheus]`;

const { values: options } = parseArgs({
  options: {
    traffic: { type: 'boolean', default: false },
    sessions: { type: 'string' },
    duration: { type: 'string' },
    'shop-port': { type: 'string', default: '3000' },
    'processor-port': { type: 'string', default: '4318' },
    'prometheus-port': { type: 'string', default: '9090' },
    'no-prometheus': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const ports = {
  shop: port(options['shop-port'], 'shop-port'),
  processor: port(options['processor-port'], 'processor-port'),
  prometheus: port(options['prometheus-port'], 'prometheus-port'),
};

function port(raw, name) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(`--${name} must be a port number, got "${raw}"`);
  return value;
}

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(2);
}

// --- install and build what is missing -------------------------------------------------------

function run(command, args) {
  console.log(`▶ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

const installMarker = join(root, 'node_modules/.package-lock.json');
if (!existsSync(installMarker) || statSync(installMarker).mtimeMs < statSync(join(root, 'package-lock.json')).mtimeMs) {
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** What `npm start` runs, and the sources each is built from. */
const BUILD_OUTPUTS = [
  { output: 'packages/semconv/dist/index.js', sources: ['packages/semconv/src'] },
  { output: 'packages/web/dist/otel-rum.iife.js', sources: ['packages/web/src', 'packages/semconv/src'] },
  { output: 'packages/node/dist/index.js', sources: ['packages/node/src', 'packages/semconv/src'] },
  { output: 'packages/processor/dist/cli.js', sources: ['packages/processor/src', 'packages/semconv/src'] },
  { output: 'demo/dist/shop/main.js', sources: ['demo/src'] },
  { output: 'demo/dist/public/shop.js', sources: ['demo/src/browser', 'demo/src/shared'] },
];
const stale = BUILD_OUTPUTS.filter(({ output, sources }) => {
  const built = newestMtime(join(root, output));
  return built === 0 || sources.some((source) => newestMtime(join(root, source)) > built);
});
if (stale.length > 0) run('npm', ['run', 'build']);

const { Metric, Label, ApdexRating } = await import('../packages/semconv/dist/index.js');
const { parse: parseYaml, stringify: stringifyYaml } = await import('yaml');

// --- configuration in a temporary folder ------------------------------------------------------

const workDir = mkdtempSync(join(tmpdir(), 'otel-rum-demo-'));
const shopOrigin = `http://127.0.0.1:${ports.shop}`;
const processorUrl = `http://127.0.0.1:${ports.processor}`;
const prometheusUrl = `http://127.0.0.1:${ports.prometheus}`;

/** demo/processor.yaml with the chosen ports and the shop's origin; its relative paths made absolute. */
function processorConfig() {
  const configPath = join(root, 'demo/processor.yaml');
  const config = parseYaml(readFileSync(configPath, 'utf8'));
  config.server = { ...config.server, host: '127.0.0.1', httpPort: ports.processor };
  for (const application of config.applications) {
    application.allowedOrigins = [shopOrigin, `http://localhost:${ports.shop}`];
  }
  const summaries = config.exporters?.jsonLines;
  if (summaries) {
    summaries.path = join(root, 'demo', summaries.path);
    mkdirSync(join(summaries.path, '..'), { recursive: true });
  }
  const path = join(workDir, 'processor.yaml');
  writeFileSync(path, stringifyYaml(config));
  return { path, summariesPath: summaries?.path };
}

function prometheusConfig() {
  const rulesDir = join(root, 'prometheus/rules');
  const config = {
    global: { scrape_interval: '5s', evaluation_interval: '5s' },
    rule_files: existsSync(rulesDir) ? [join(rulesDir, '*.yml')] : [],
    scrape_configs: [{ job_name: 'otel-rum-processor', static_configs: [{ targets: [`127.0.0.1:${ports.processor}`] }] }],
  };
  const path = join(workDir, 'prometheus.yml');
  writeFileSync(path, stringifyYaml(config));
  return path;
}

// --- child processes --------------------------------------------------------------------------

const children = [];

function startChild(name, command, args, { quiet = false } = {}) {
  // Each in its own process group: Ctrl-C reaches this script only, which stops them in order.
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const entry = { name, child, output: '', exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal))) };
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      entry.output = (entry.output + chunk).slice(-20_000);
      if (!quiet && started) for (const line of chunk.split('\n').filter(Boolean)) printAbove(`[${name}] ${line}`);
    });
  }
  void entry.exited.then((code) => {
    if (!stopping) {
      printAbove(`[${name}] exited (${code})`);
      if (name !== 'traffic') void stop(1);
    }
  });
  children.push(entry);
  return entry;
}

async function waitUntil(name, entry, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) break;
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.error(entry.output);
  await stop(1, `${name} did not come up`);
}

const answers = (url) => async () => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;

let stopping = false;
let started = false;
let summaryTimer;

async function stop(exitCode, message) {
  if (stopping) return;
  stopping = true;
  clearInterval(summaryTimer);
  if (process.stdout.isTTY && started) process.stdout.write('\n');
  if (message) console.error(`npm start: ${message}`);
  console.log('stopping…');
  // In reverse start order: traffic and shop stop sending before the processor ends its sessions.
  for (const entry of [...children].reverse()) {
    if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGTERM');
    const timer = setTimeout(() => entry.child.kill('SIGKILL'), 10_000);
    await entry.exited;
    clearTimeout(timer);
  }
  rmSync(workDir, { recursive: true, force: true });
  console.log('stopped.');
  process.exit(exitCode);
}

// Should this script die of an error, it takes what it started with it.
process.on('exit', () => {
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

const processorConfigFile = processorConfig();
const processor = startChild('processor', process.execPath, ['packages/processor/dist/cli.js', '--config', processorConfigFile.path]);
await waitUntil('the processor', processor, answers(`${processorUrl}/healthz`));

const backendTracesUrl = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? [] : ['--traces-url', `${processorUrl}/v1/traces`];
const shop = startChild('shop', process.execPath, [
  'demo/dist/shop/main.js',
  '--port', String(ports.shop),
  '--rum-endpoint', `${processorUrl}/v1/traces`,
  ...backendTracesUrl,
]);
await waitUntil('the shop', shop, answers(`${shopOrigin}/healthz`));

const withPrometheus = !options['no-prometheus'] && existsSync(PROMETHEUS);
if (withPrometheus) {
  const prometheus = startChild('prometheus', PROMETHEUS, [
    `--config.file=${prometheusConfig()}`,
    `--storage.tsdb.path=${join(workDir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${ports.prometheus}`,
    '--enable-feature=exemplar-storage',
    '--log.level=warn',
  ], { quiet: true });
  await waitUntil('Prometheus', prometheus, answers(`${prometheusUrl}/-/ready`));
}

console.log(`
otel-rum demo is up:
  shop         ${shopOrigin}/
  metrics      ${processorUrl}/metrics   (OTLP/HTTP ingest: ${processorUrl}/v1/traces)
  prometheus   ${withPrometheus ? `${prometheusUrl}/` : `not started (${options['no-prometheus'] ? '--no-prometheus' : `install Debian's prometheus for ${PROMETHEUS}`})`}
  summaries    ${processorConfigFile.summariesPath ?? 'not written'}
${options.traffic ? 'Traffic generator running; ' : 'Run `npm start -- --traffic` for generated traffic; '}Ctrl-C stops everything.
`);
started = true;

if (options.traffic) {
  const { ensureSystemPackages } = await import('./system-packages.mjs');
  if (!ensureSystemPackages(['chromium'])) await stop(1, 'the traffic generator needs Chromium');
  const bound = options.sessions ? ['--sessions', options.sessions] : ['--duration', options.duration ?? '8h'];
  startChild('traffic', process.execPath, ['demo/dist/traffic/main.js', '--shop', shopOrigin, ...bound], { quiet: true });
}

// --- the live summary -------------------------------------------------------------------------

/** Prometheus text format → [{ name, labels, value }]. */
function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

function summarize(samples) {
  const sum = (name, where = () => true) => samples.filter((sample) => sample.name === name && where(sample.labels)).reduce((total, sample) => total + sample.value, 0);
  const actions = sum(Metric.USER_ACTIONS);
  const apdex = actions === 0 ? '–' : ((sum(Metric.USER_ACTIONS, (labels) => labels[Label.APDEX] === ApdexRating.SATISFIED) + sum(Metric.USER_ACTIONS, (labels) => labels[Label.APDEX] === ApdexRating.TOLERATING) / 2) / actions).toFixed(2);
  const ended = sum(Metric.SESSIONS_ENDED);
  const converted = sum(Metric.SESSIONS_ENDED, (labels) => labels[Label.CONVERTED] === 'true');
  return `open sessions ${sum(Metric.OPEN_SESSIONS)} · sessions ended ${ended} · Apdex ${apdex} · rage clicks ${sum(Metric.RAGE_CLICKS)} · conversions ${converted}${ended ? ` (${Math.round((100 * converted) / ended)}%)` : ''}`;
}

let lastSummary = '';
function printAbove(line) {
  if (process.stdout.isTTY && lastSummary) process.stdout.write(`\r\x1b[2K${line}\n${lastSummary}`);
  else console.log(line);
}

async function refreshSummary() {
  const text = await fetch(`${processorUrl}/metrics`, { signal: AbortSignal.timeout(2_000) }).then((response) => response.text()).catch(() => undefined);
  if (text === undefined || stopping) return;
  const summary = `${new Date().toISOString().slice(11, 19)} ${summarize(parseMetrics(text))}`;
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${summary}`);
  else if (summary.slice(9) !== lastSummary.slice(9)) console.log(summary);
  lastSummary = summary;
}

await refreshSummary();
summaryTimer = setInterval(() => void refreshSummary(), 2_000);
