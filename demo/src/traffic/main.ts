#!/usr/bin/env node
// The traffic generator's command line: `node demo/dist/traffic/main.js --shop URL --sessions 20`.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { numberOption } from '../shared/cli.js';
import { runTraffic } from './generator.js';
import { ProgressDisplay } from './progress.js';

const USAGE = `usage: traffic [--shop http://127.0.0.1:3000] [--sessions N | --duration 5m] [--concurrency 2]
               [--seed N] [--think-ms 1500]`;

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The flags test/support/chromium.ts uses: headless Debian Chromium, quiet and without a sandbox. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** `90s`, `5m`, `1h` or plain milliseconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!match) throw new RangeError(`--duration must look like 90s, 5m or 1h, got "${raw}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      shop: { type: 'string' },
      sessions: { type: 'string' },
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      'think-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sessions = values.sessions === undefined ? undefined : numberOption(values.sessions, 'sessions', 0);
  const durationMs = values.duration === undefined ? undefined : parseDuration(values.duration);
  const shopOrigin = values.shop ?? 'http://127.0.0.1:3000';
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void browser.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const bounded = sessions === undefined && durationMs === undefined ? { sessions: 20 } : { sessions, durationMs };
  console.log(`traffic: ${bounded.sessions ?? 'unbounded'} session(s)${durationMs ? ` within ${values.duration}` : ''} against ${shopOrigin}`);
  const progress = new ProgressDisplay(bounded.sessions);
  try {
    const { totals } = await runTraffic({
      browser,
      shopOrigin,
      ...bounded,
      concurrency: numberOption(values.concurrency, 'concurrency', 2),
      seed: numberOption(values.seed, 'seed', Date.now() % 2 ** 31),
      thinkMs: numberOption(values['think-ms'], 'think-ms', 1_500),
      onSession: (result, running) => progress.update(result, running),
    });
    progress.finish(totals);
  } finally {
    if (!stopping) await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(`traffic: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
});
