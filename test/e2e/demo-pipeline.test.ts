// The whole chain, every piece real: Chromium runs demo journeys → the shop's pages (web SDK) and
// its backend (@otel-rum/node on NodeSDK) → the processor CLI → Prometheus with the shipped rules.
import { ATTR_RUM_ACTION_TARGET, ATTR_RUM_APPLICATION_ID, ATTR_RUM_SESSION_ID, ATTR_SESSION_ID, EXEMPLAR_TRACE_ID, Metric, SessionEndReason, SummaryField, UxScore } from '@otel-rum/semconv';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopProcess, type ShopProcess } from '../../demo/test/child-process.js';
import { runTraffic, type SessionResult } from '../../demo/src/traffic/generator.js';
import type { JourneyName } from '../../demo/src/traffic/journeys.js';
import { eventually, freePort, startProcessor, startPrometheus, type RunningPrometheus, type RunningService } from '../deploy/live-stack.js';
import { inRepository } from '../deploy/repository.js';
import { launchChromium } from '../support/chromium.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { dashboardQueries } from './dashboards.js';
import { demoProcessorConfig, readSummaries, SUMMARIES_FILE } from './stack.js';

const SPAN_KIND_SERVER = 2;
/** Sessions end this long after their last action, so the journeys that just leave end quickly. */
const INACTIVITY_TIMEOUT_SECONDS = 3;
/**
 * One payment in two fails; with this seed the draws are: pass (buy), fail then pass (rage-buy's
 * retry). Journeys run one at a time, so the order of payments is fixed.
 */
const PAYMENT_FAILURE_RATE = 0.5;
const FAULT_SEED = 1;

interface Expected {
  endReason: string;
  converted: boolean;
  /**
   * The UX score (SPEC §4), or the one it must not have where timing decides between two: whether the
   * mystery box's error lands inside its page's load action (frustrated, the last action: frustrating)
   * or just after it (tolerable).
   */
  uxScore: { is: string } | { not: string };
  rageClick?: boolean;
  deadClick?: boolean;
  error?: boolean;
}

const SCRIPT: [JourneyName, Expected][] = [
  ['buy', { endReason: SessionEndReason.API, converted: true, uxScore: { is: UxScore.SATISFYING } }],
  ['account', { endReason: SessionEndReason.API, converted: false, uxScore: { is: UxScore.SATISFYING } }],
  // The badge that looks like a link: a dead click, which the UX score leaves alone.
  ['bounce', { endReason: SessionEndReason.TIMEOUT, converted: false, uxScore: { is: UxScore.SATISFYING }, deadClick: true }],
  // Satisfied actions and one rage click (F, weight 2): under 30 % F, but not free of F.
  ['rage-leave', { endReason: SessionEndReason.TIMEOUT, converted: false, uxScore: { is: UxScore.TOLERABLE }, rageClick: true }],
  ['error-leave', { endReason: SessionEndReason.TIMEOUT, converted: false, uxScore: { not: UxScore.SATISFYING }, error: true }],
  // Adds a failed payment (a frustrated action and a request error), still under 30 % F.
  ['rage-buy', { endReason: SessionEndReason.TIMEOUT, converted: true, uxScore: { is: UxScore.TOLERABLE }, rageClick: true, error: true }],
];

/**
 * What the open internet sends a browser-facing endpoint besides real pages: a body that is not
 * OTLP, and spans of an application the processor does not know, carrying an absurdly long value.
 * It refuses and counts all of it.
 */
async function sendHostileInput(processorUrl: string): Promise<void> {
  const post = (body: string) => fetch(`${processorUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect((await post('{"resourceSpans": [')).status).toBe(400);
  const unknownApplication = {
    resourceSpans: [{
      resource: { attributes: [{ key: ATTR_RUM_APPLICATION_ID, value: { stringValue: 'not-the-shop' } }] },
      scopeSpans: [{ spans: [{
        traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'click', startTimeUnixNano: String(Date.now() * 1e6), endTimeUnixNano: String(Date.now() * 1e6),
        attributes: [{ key: ATTR_RUM_ACTION_TARGET, value: { stringValue: 'x'.repeat(100_000) } }],
      }] }],
    }],
  };
  await post(JSON.stringify(unknownApplication));
}

describe('demo shop → web SDK and backend → processor → Prometheus', () => {
  let receiver: OtlpReceiver;
  let processor: RunningService;
  let shop: ShopProcess;
  let prometheus: RunningPrometheus;
  let browser: Browser;
  let results: SessionResult[];
  let summaries: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    const shopPort = await freePort();
    const shopOrigin = `http://127.0.0.1:${shopPort}`;
    receiver = await new OtlpReceiver().start();
    // The logs backend is down for the whole run: summaries still reach the JSON lines file, and
    // the processor's health panels have failed exports to show.
    const deadLogsBackend = `http://127.0.0.1:${await freePort()}/v1/logs`;
    processor = await startProcessor(demoProcessorConfig({ shopOrigin, inactivityTimeoutSeconds: INACTIVITY_TIMEOUT_SECONDS, otlpLogsEndpoint: deadLogsBackend }));
    [shop, prometheus, browser] = await Promise.all([
      startShopProcess([
        '--port', String(shopPort),
        '--rum-endpoint', `${processor.baseUrl}/v1/traces`,
        '--rum-options', JSON.stringify({ transport: { batchDelayMs: 200 } }),
        '--traces-url', receiver.tracesUrl,
        '--payment-failure-rate', String(PAYMENT_FAILURE_RATE),
        '--seed', String(FAULT_SEED),
        '--slow-reviews-ms', '200',
      ]),
      startPrometheus([new URL(processor.baseUrl).host], [inRepository('prometheus/rules/otel-rum.rules.yml')]),
      launchChromium(),
    ]);
    await sendHostileInput(processor.baseUrl);
    ({ results } = await runTraffic({ browser, shopOrigin, script: SCRIPT.map(([journey]) => journey), concurrency: 1, thinkMs: 50, seed: 3 }));
    summaries = await eventually('a session summary for every journey', async () => {
      const byId = new Map(readSummaries(join(processor.directory, SUMMARIES_FILE)).map((summary) => [summary[SummaryField.SESSION_ID] as string, summary]));
      return results.every((result) => result.sessionId && byId.has(result.sessionId)) ? byId : undefined;
    }, 60_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.stop();
    await prometheus?.stop();
    await processor?.stop();
    await receiver?.stop();
  });

  it('runs every scripted journey to its end, and the generator counts the conversions the processor sees', () => {
    expect(results.map(({ journey, failure, converted }) => ({ journey, failure, converted }))).toEqual(
      SCRIPT.map(([journey, expected]) => ({ journey, failure: undefined, converted: expected.converted })),
    );
  });

  for (const [index, [journey, expected]] of SCRIPT.entries()) {
    it(`summarizes the ${journey} session: ends by ${expected.endReason}, ${'is' in expected.uxScore ? expected.uxScore.is : `not ${expected.uxScore.not}`}, ${expected.converted ? '' : 'not '}converted`, () => {
      const summary = summaries.get(results[index]!.sessionId!)!;
      expect(summary[SummaryField.END_REASON]).toBe(expected.endReason);
      expect(summary[SummaryField.CONVERTED]).toBe(expected.converted);
      if ('is' in expected.uxScore) expect(summary[SummaryField.UX_SCORE]).toBe(expected.uxScore.is);
      else expect(summary[SummaryField.UX_SCORE]).not.toBe(expected.uxScore.not);
      expect(summary[SummaryField.HAS_RAGE_CLICK]).toBe(expected.rageClick ?? false);
      expect(summary[SummaryField.HAS_ERROR]).toBe(expected.error ?? false);
      if (expected.deadClick) expect(summary[SummaryField.DEAD_CLICK_COUNT]).toBeGreaterThan(0);
      expect(summary[SummaryField.APPLICATION_ID]).toBe('shop');
    });
  }

  it('puts the backend spans of every session in that session, continuing traces the browser started', async () => {
    for (const { sessionId } of results) {
      const backendSpans = await receiver.waitFor((span) => span.kind === SPAN_KIND_SERVER && span.attributes[ATTR_SESSION_ID] === sessionId);
      const backendSpanIds = new Set(receiver.spans.map((span) => span.spanId));
      for (const span of backendSpans) {
        expect(span.attributes[ATTR_RUM_SESSION_ID]).toBe(sessionId);
        // The parent is the browser's request span: it exists, and the backend did not record it.
        expect(span.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
        expect(backendSpanIds.has(span.parentSpanId)).toBe(false);
      }
    }
  });

  it('answers every dashboard query with data', async () => {
    await eventually('Prometheus to have scraped every ended session', async () => {
      const [ended] = await prometheus.query(`sum(${Metric.SESSIONS_ENDED})`);
      return Number(ended?.value[1] ?? 0) >= SCRIPT.length ? true : undefined;
    });
    const queries = dashboardQueries({ app: 'shop', page_group: '.*', __rate_interval: '1m', __range: '10m' });
    expect(queries.length).toBeGreaterThan(20);
    // Rates need two samples in their window and recording rules an evaluation: ask again until
    // every query has answered with data once, or the time is up.
    let empty = queries;
    const deadline = Date.now() + 30_000;
    do {
      const answered = await Promise.all(empty.map(async (query) => (await prometheus.query(query.expr)).length > 0));
      empty = empty.filter((_query, index) => !answered[index]);
      if (empty.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    } while (empty.length > 0 && Date.now() < deadline);
    expect(empty.map(({ dashboard, panel, expr }) => `${dashboard} / ${panel}: ${expr}`)).toEqual([]);
  });

  it('links an action-duration bucket to a trace the backend took part in (exemplar trace_id)', async () => {
    const backendTraces = new Set(receiver.spans.filter((span) => span.kind === SPAN_KIND_SERVER).map((span) => span.traceId));
    const exemplarTraces = await eventually('action-duration exemplars', async () => {
      const exemplars = await prometheus.exemplars(`${Metric.USER_ACTION_DURATION}_bucket`);
      return exemplars.length > 0 ? exemplars.map((exemplar) => exemplar.labels[EXEMPLAR_TRACE_ID]) : undefined;
    });
    expect(exemplarTraces.some((traceId) => traceId !== undefined && backendTraces.has(traceId))).toBe(true);
  });
});
