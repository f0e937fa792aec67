// `npm start` as a user runs it: it comes up, serves the shop and the processor's metrics, and
// Ctrl-C (SIGINT to the process group, as a terminal sends it) stops everything cleanly.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../../demo/test/child-process.js';
import { freePort } from '../deploy/live-stack.js';
import { PROMETHEUS_BINARY } from '../deploy/repository.js';

describe('npm start', () => {
  it('starts the processor, the shop and Prometheus, prints their URLs and a live summary, and stops on Ctrl-C', async () => {
    const [shopPort, processorPort, prometheusPort] = [await freePort(), await freePort(), await freePort()];
    const start = startProcess('npm', ['start', '--', '--shop-port', String(shopPort), '--processor-port', String(processorPort), '--prometheus-port', String(prometheusPort)]);
    let exitCode: number | string;
    try {
      const [, shopUrl] = await start.waitForOutput(/shop\s+(http:\/\/\S+)/, 120_000);
      const [, metricsUrl] = await start.waitForOutput(/metrics\s+(http:\/\/\S+)/);
      expect(shopUrl).toBe(`http://127.0.0.1:${shopPort}/`);
      expect(metricsUrl).toBe(`http://127.0.0.1:${processorPort}/metrics`);

      const page = await fetch(shopUrl!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('OtelRum.initRum(');
      const metrics = await fetch(metricsUrl!);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('rum_processor_open_sessions');
      if (existsSync(PROMETHEUS_BINARY)) {
        const [, prometheusUrl] = await start.waitForOutput(/prometheus\s+(http:\/\/\S+)/);
        expect((await fetch(`${prometheusUrl}-/ready`)).status).toBe(200);
      }
      await start.waitForOutput(/open sessions \d+ · sessions ended \d+ · Apdex \S+ · rage clicks \d+ · conversions \d+/);
    } finally {
      exitCode = await start.stop('SIGINT');
    }
    // npm itself dies of the SIGINT, as in a terminal; the script it ran stops what it started.
    expect([0, 'SIGINT']).toContain(exitCode);
    expect(start.output()).toContain('stopped.');
    // Nothing it started is left listening.
    for (const port of [shopPort, processorPort, prometheusPort]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  });
});
