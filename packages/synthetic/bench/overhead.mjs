#!/usr/bin/env node
// What the runner costs on top of the work a monitor does: HTTP runs beside bare fetches of the same
// URL, browser runs beside bare Playwright page loads in the same Chromium flags, and the vault's
// key derivation. Needs `npm run build`. Usage: node packages/synthetic/bench/overhead.mjs [httpRuns] [browserRuns]
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { DEFAULT_CHROMIUM_ARGS, parseConfig, Synthetic, Vault } from '../dist/index.js';

const httpRuns = Number(process.argv[2] ?? 300);
const browserRuns = Number(process.argv[3] ?? 15);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const server = createServer((req, res) => {
  if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><h1>Welcome</h1>');
  else res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95) };
};
async function time(runs, body) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}
/** Baseline and runner alternate, so a busy machine slows both alike rather than whichever ran second. */
async function compare(runs, baseline, measured) {
  const [baselineSamples, measuredSamples] = [[], []];
  for (let i = 0; i < runs; i++) {
    for (const [body, samples] of [[baseline, baselineSamples], [measured, measuredSamples]]) {
      const started = performance.now();
      await body();
      samples.push(performance.now() - started);
    }
  }
  return [stats(baselineSamples), stats(measuredSamples)];
}
const row = (label, baseline, measured) =>
  console.log(`${label.padEnd(38)} baseline median ${baseline.median.toFixed(2)} ms p95 ${baseline.p95.toFixed(2)} ms | runner median ${measured.median.toFixed(2)} ms p95 ${measured.p95.toFixed(2)} ms | overhead (median) ${(measured.median - baseline.median).toFixed(2)} ms`);

const config = parseConfig(`
monitors:
  - { id: api, type: http, requests: [{ url: "${origin}/health", assert: { json: [{ path: $.status, equals: ok }] } }] }
  - { id: page, type: browser, url: "${origin}/page", textContains: Welcome }
browser: { executablePath: "${chromiumPath}" }
`, { env: {} });
const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const synthetic = await Synthetic.open(config, { env: {}, log: discard });

// Warm both paths before measuring.
await time(20, async () => (await globalThis.fetch(`${origin}/health`)).text());
await time(20, () => synthetic.runner.run('api'));
const [bareFetch, httpRun] = await compare(httpRuns, async () => JSON.parse(await (await globalThis.fetch(`${origin}/health`)).text()), () => synthetic.runner.run('api'));
console.log(`otel-rum-synthetic overhead, ${httpRuns} HTTP runs, ${browserRuns} browser runs, Node ${process.version}`);
row('HTTP monitor run vs bare fetch', bareFetch, httpRun);

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...DEFAULT_CHROMIUM_ARGS] });
const barePage = async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/page`, { waitUntil: 'load' });
  await page.locator('body').textContent();
  await context.close();
};
await time(3, barePage);
await time(3, () => synthetic.runner.run('page'));
const [bareBrowser, browserRun] = await compare(browserRuns, barePage, () => synthetic.runner.run('page'));
row('browser monitor run vs bare page load', bareBrowser, browserRun);
await browser.close();

const dir = await mkdtemp(join(tmpdir(), 'synthetic-bench-'));
const vault = await Vault.open(join(dir, 'bench.vault'), 'bench passphrase');
vault.set('bench.secret', 'a secret value');
await vault.save();
const vaultOpen = await time(10, () => Vault.open(join(dir, 'bench.vault'), 'bench passphrase'));
console.log(`${'vault open (scrypt N=2^15 + AES-GCM)'.padEnd(38)} median ${vaultOpen.median.toFixed(2)} ms p95 ${vaultOpen.p95.toFixed(2)} ms (once per process)`);
await rm(dir, { recursive: true, force: true });

await synthetic.shutdown();
server.close();
