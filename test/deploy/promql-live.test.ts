// The test that proves the dashboards light up: a real processor ingests real OTLP spans of every
// event type, a real Prometheus scrapes it and evaluates the rules, and every PromQL expression of
// the dashboards and rules must return at least one series. A metric the processor does not
// produce fails here, naming the panels that would stay empty.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXEMPLAR_TRACE_ID, Metric, SESSION_END_REASONS, SummaryField, UX_SCORES } from '@otel-rum/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES_FILE } from '../../grafana/src/index.js';
import { type CheckedExpression, dashboardExpressions, metricFamilyExpressions, ruleExpressions } from './expressions.js';
import { eventually, freePort, type RunningProcessor, type RunningPrometheus, startProcessor, startPrometheus } from './live-stack.js';
import { inRepository } from './repository.js';
import { CONVERSION_PAGE, sendOpenSession, sendRumTraffic, type SentTraffic } from './rum-traffic.js';

const SHOP = 'shop';
/** Relative to the processor's config file, in its temporary directory. */
const SUMMARIES_FILE = 'summaries.jsonl';
const KIOSK = 'kiosk';
/** How long expressions may take to show up once the sessions have ended (scrapes and rule evaluations every second). */
const SETTLE_MS = 45_000;

const expressions: CheckedExpression[] = [...metricFamilyExpressions(), ...dashboardExpressions(), ...ruleExpressions()];

let processor: RunningProcessor | undefined;
let prometheus: RunningPrometheus | undefined;
let traffic: SentTraffic;
let openSessionTraceId: string;
/** Series each expression returned, or the error Prometheus answered it with. */
const outcome = new Map<string, number | string>();

async function processorConfig() {
  // Nothing listens on this port: summary exports fail and the processor counts them.
  const unreachable = await freePort();
  return {
    applications: [
      {
        id: SHOP,
        allowedOrigins: ['*'],
        sessions: { inactivityTimeoutSeconds: 2 },
        conversionGoals: [{ name: 'checkout', page: CONVERSION_PAGE }],
        pageGroups: { rules: [{ pattern: '^/products/[^/]+$', group: '/products/:id' }] },
      },
      { id: KIOSK, allowedOrigins: ['*'], sessions: { inactivityTimeoutSeconds: 600 } },
    ],
    exporters: {
      jsonLines: { path: SUMMARIES_FILE },
      otlpLogs: { endpoint: `http://127.0.0.1:${unreachable}/v1/logs`, timeoutSeconds: 1 },
    },
    sessions: { tickSeconds: 0.2 },
  };
}

/** Input the processor must refuse: it counts rejected requests and spans by reason. */
async function sendBadInput(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans": [' });
  const junkSession = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'dt.rum.application.id', value: { stringValue: SHOP } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: 'user_action',
                startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
                endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                attributes: [
                  { key: 'dt.rum.session.id', value: { stringValue: 'not-a-session-id' } },
                  { key: 'dt.rum.event.type', value: { stringValue: 'user_action' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  await fetch(`${baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(junkSession) });
}

describe('PromQL of the dashboards and rules against a real Prometheus scraping a real processor', () => {
  beforeAll(async () => {
    processor = await startProcessor(await processorConfig());
    prometheus = await startPrometheus(new URL(processor.baseUrl).host, [inRepository(RULES_FILE)]);
    const tracesUrl = `${processor.baseUrl}/v1/traces`;
    traffic = await sendRumTraffic(tracesUrl, SHOP);
    openSessionTraceId = await sendOpenSession(tracesUrl, KIOSK);
    await sendBadInput(processor.baseUrl);

    const running = prometheus;
    await eventually('the three shop sessions to end and be scraped', async () => {
      const [ended] = await running.query(`sum(${Metric.SESSIONS_ENDED}{app="${SHOP}"})`);
      return Number(ended?.value[1]) >= traffic.sessionIds.length ? true : undefined;
    });

    // Every expression gets until the deadline; those still empty then fail one by one below.
    const deadline = Date.now() + SETTLE_MS;
    let pending = expressions;
    while (pending.length > 0 && Date.now() < deadline) {
      for (const { expr } of pending) {
        outcome.set(expr, await running.query(expr).then((series) => series.length, (error: Error) => error.message));
      }
      pending = pending.filter(({ expr }) => typeof outcome.get(expr) !== 'number' || outcome.get(expr) === 0);
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }, 150_000);

  afterAll(async () => {
    await prometheus?.stop();
    await processor?.stop();
  });

  it.each(expressions.map((expression) => [expression.source, expression] as const))('%s returns series', (_source, { expr }) => {
    const result = outcome.get(expr);
    expect(typeof result === 'string' ? result : '', `Prometheus refused ${expr}`).toBe('');
    expect(result, `${expr} returned no series`).toBeGreaterThan(0);
  });

  it('exports session summaries carrying every field the Sessions dashboard filters on', () => {
    const summaries = readFileSync(join(processor?.directory ?? '', SUMMARIES_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const ours = summaries.filter((summary) => traffic.sessionIds.includes(String(summary[SummaryField.SESSION_ID])));
    expect(ours).toHaveLength(traffic.sessionIds.length);
    for (const summary of ours) {
      expect(summary[SummaryField.APPLICATION_ID]).toBe(SHOP);
      expect(UX_SCORES).toContain(summary[SummaryField.UX_SCORE]);
      expect(SESSION_END_REASONS).toContain(summary[SummaryField.END_REASON]);
      expect(typeof summary[SummaryField.CONVERTED]).toBe('boolean');
    }
    expect(ours.map((summary) => summary[SummaryField.USER_TAG])).toContain('alice@example.com');
  });

  it('keeps trace-id exemplars on action durations that lead to the actions sent', async () => {
    const running = prometheus;
    if (!running) throw new Error('Prometheus did not start');
    const exemplars = await running.exemplars(`${Metric.USER_ACTION_DURATION}_bucket`);
    const traceIds = exemplars.map((exemplar) => exemplar.labels[EXEMPLAR_TRACE_ID]);
    expect(traceIds.length).toBeGreaterThan(0);
    for (const traceId of traceIds) expect([...traffic.actionTraceIds, openSessionTraceId]).toContain(traceId);
  });
});
