// `npm run bench:web-speed`: in Chromium, each SDK's evaluation + init time and the main-thread time
// that 1,000 real clicks cost with it installed, beside a page without any SDK, in the same run.
// Repetitions interleave the SDKs so a noisy moment of the machine hits them all alike.
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium.js';
import { FixtureServer } from '../../test/support/fixture-server.js';
import { buildWebSdkBundles, type WebSdkBundle } from './bundles.js';

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);
const CLICKS = 1000;
const BUTTONS = 10;
/** Longer than every SDK's click-related timers (otel-rum's dead/rage click windows are 1 s). */
const SETTLE_MS = 1500;

const NO_SDK: WebSdkBundle = { name: 'no SDK (baseline)', code: '', initScript: () => '' };

// Buttons 60 px apart (beyond the 32 px rage-click radius) that change the DOM like a real app does,
// so the clicks are neither rage nor dead clicks.
function pageHtml(sdk: WebSdkBundle, endpoint: string, repetition: number): string {
  const buttons = Array.from({ length: BUTTONS }, (_, index) => `<button style="position:absolute;left:${20 + index * 60}px;top:20px;width:50px;height:30px">b${index}</button>`).join('');
  // A unique comment defeats V8's in-memory compilation cache between repetitions.
  return `<!doctype html><html><head><title>bench</title></head><body>${buttons}<output id="count" style="position:absolute;top:80px">0</output>
<script>window.evalStart = performance.now();</script>
<script>${sdk.code}
//# repetition ${repetition}</script>
<script>window.initStart = performance.now(); ${sdk.initScript(endpoint)} window.initEnd = performance.now();</script>
<script>let clicks = 0; for (const button of document.querySelectorAll('button')) button.addEventListener('click', () => { document.getElementById('count').textContent = String(++clicks); });</script>
</body></html>`;
}

interface Sample { evaluationMs: number; initMs: number; clickTaskMs: number; clickScriptMs: number }

async function measure(browser: Browser, server: FixtureServer, sdk: WebSdkBundle, repetition: number): Promise<Sample> {
  const path = `/bench-${repetition}-${encodeURIComponent(sdk.name)}.html`;
  server.page(path, pageHtml(sdk, `${server.origin}/collect`, repetition));
  const context = await browser.newContext({ viewport: { width: 800, height: 200 } });
  try {
    const page = await context.newPage();
    await page.goto(server.origin + path, { waitUntil: 'load' });
    const [evaluationMs, initMs] = await page.evaluate(() => {
      const timings = window as unknown as { evalStart: number; initStart: number; initEnd: number };
      return [timings.initStart - timings.evalStart, timings.initEnd - timings.initStart];
    });
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async (): Promise<Record<string, number>> =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
    const before = await metrics();
    for (let click = 0; click < CLICKS; click++) await page.mouse.click(45 + (click % BUTTONS) * 60, 35);
    await page.waitForTimeout(SETTLE_MS);
    const after = await metrics();
    if ((await page.textContent('#count')) !== String(CLICKS)) throw new Error(`${sdk.name}: not every click reached the page`);
    return {
      evaluationMs,
      initMs,
      clickTaskMs: (after.TaskDuration! - before.TaskDuration!) * 1000,
      clickScriptMs: (after.ScriptDuration! - before.ScriptDuration!) * 1000,
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// BENCH_SDKS="otel-rum,faro-web-sdk" limits the run to those SDKs (the baseline always runs).
const only = process.env.BENCH_SDKS?.split(',').map((name) => name.trim());
const sdks = [NO_SDK, ...(await buildWebSdkBundles((name) => !only || only.includes(name)))];
const server = await new FixtureServer({}, {
  // Every SDK's export lands here and is accepted, so no SDK retries.
  '/collect': (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  },
  '/v1/traces': (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  },
}).start();
const browser = await launchChromium();
const browserVersion = browser.version();
const samples = new Map<string, Sample[]>(sdks.map((sdk) => [sdk.name, []]));
try {
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (const sdk of sdks) samples.get(sdk.name)!.push(await measure(browser, server, sdk, repetition));
    process.stderr.write(`repetition ${repetition + 1}/${REPETITIONS} done\n`);
  }
} finally {
  await browser.close();
  await server.stop();
}

const baselineScript = median(samples.get(NO_SDK.name)!.map((sample) => sample.clickScriptMs));
console.log(`Chromium ${browserVersion}, ${REPETITIONS} repetitions, medians. Per 1,000 real clicks (+ ${SETTLE_MS} ms settle):`);
console.log('script = JavaScript main-thread time (CDP ScriptDuration), SDK cost = script minus the no-SDK page;');
console.log('all tasks = every main-thread task (CDP TaskDuration), input handling and rendering included, so noisy on a busy machine.\n');
console.log('| SDK | evaluation | init | evaluation + init | script per 1,000 clicks | SDK cost per 1,000 clicks | all tasks per 1,000 clicks |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const ms = (value: number): string => `${value.toFixed(1)} ms`;
for (const [name, runs] of samples) {
  const script = median(runs.map((sample) => sample.clickScriptMs));
  console.log(
    `| ${name} | ${ms(median(runs.map((sample) => sample.evaluationMs)))} | ${ms(median(runs.map((sample) => sample.initMs)))} | ${ms(median(runs.map((sample) => sample.evaluationMs + sample.initMs)))} | ${ms(script)} | ${name === NO_SDK.name ? '—' : ms(script - baselineScript)} | ${ms(median(runs.map((sample) => sample.clickTaskMs)))} |`,
  );
}
