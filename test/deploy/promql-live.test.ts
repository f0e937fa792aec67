// The test that proves the dashboards light up: a real processor ingests real OTLP spans of every
// event type, a real synthetic runner watches it with a healthy and a failing monitor, a real
// Prometheus scrapes both and evaluates the rules, and every PromQL expression of the dashboards and
// rules must return at least one series. A metric nothing produces fails here, naming the panels or
// alerts that would stay empty.
import {
  ATTR_EVENT_NAME,
  ATTR_RUM_ACTION_TARGET,
  ATTR_RUM_APPLICATION_ID,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_SESSION_ID,
  ATTR_SERVICE_NAME,
  EventType,
  EXEMPLAR_TRACE_ID,
  Metric,
  SESSION_END_REASONS,
  SESSION_SUMMARY_EVENT_NAME,
  SummaryField,
  SyntheticLabel,
  UX_SCORES,
} from '@otel-rum/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lokiName, RULES_FILE, sessionSummaryQuery } from '../../grafana/src/index.js';
import { type Attributes, flattenAttributes, OtlpReceiver } from '../support/otlp-receiver.js';
import { type CheckedExpression, dashboardExpressions, metricFamilyExpressions, ruleExpressions, variableExpressions } from './expressions.js';
import { eventually, type RunningPrometheus, type RunningService, startProcessor, startPrometheus, startSynthetic } from './live-stack.js';
import { inRepository } from './repository.js';
import { CONVERSION_PAGE, sendOpenSession, sendRumTraffic, type SentTraffic } from './rum-traffic.js';

const SHOP = 'shop';
/** The processor's own temporary directory: appending summaries to a directory fails, and the processor counts it. */
const FAILING_JSON_LINES_PATH = '.';
const KIOSK = 'kiosk';
/** How long expressions may take to show up once the sessions have ended (scrapes and rule evaluations every second). */
const SETTLE_MS = 45_000;
/** Monitors of the processor: one that passes, one whose every run fails and so holds a problem open. */
const HEALTHY_MONITOR = 'processor-health';
const FAILING_MONITOR = 'processor-missing-page';

const expressions: CheckedExpression[] = [...metricFamilyExpressions(), ...variableExpressions(), ...dashboardExpressions(), ...ruleExpressions()];

let processor: RunningService | undefined;
let synthetic: RunningService | undefined;
let logsReceiver: OtlpReceiver | undefined;
let prometheus: RunningPrometheus | undefined;
let traffic: SentTraffic;
let openSessionTraceId: string;
/** Series each expression returned, or the error Prometheus answered it with. */
const outcome = new Map<string, number | string>();

function syntheticConfig(processorUrl: string) {
  return {
    location: 'lab',
    defaults: { frequency: '1s', outage: { consecutiveFailures: 1 } },
    monitors: [
      { id: HEALTHY_MONITOR, type: 'http', requests: [{ name: 'healthz', url: `${processorUrl}/healthz` }] },
      { id: FAILING_MONITOR, type: 'http', requests: [{ name: 'missing page', url: `${processorUrl}/no-such-page` }] },
    ],
  };
}

function processorConfig(logsUrl: string) {
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
      otlpLogs: { endpoint: logsUrl, timeoutSeconds: 5 },
      jsonLines: { path: FAILING_JSON_LINES_PATH },
    },
    sessions: { tickSeconds: 0.2 },
  };
}

interface JsonKeyValues {
  attributes?: Parameters<typeof flattenAttributes>[0];
}
/** The log records of an OTLP/JSON logs export, with their resource, attributes flattened. */
function summaryRecords(body: Buffer): { resource: Attributes; attributes: Attributes }[] {
  const request = JSON.parse(body.toString('utf8')) as {
    resourceLogs?: { resource?: JsonKeyValues; scopeLogs?: { logRecords?: JsonKeyValues[] }[] }[];
  };
  return (request.resourceLogs ?? []).flatMap((resourceLogs) =>
    (resourceLogs.scopeLogs ?? []).flatMap((scopeLogs) =>
      (scopeLogs.logRecords ?? []).map((record) => ({
        resource: flattenAttributes(resourceLogs.resource?.attributes),
        attributes: flattenAttributes(record.attributes),
      })),
    ),
  );
}

/** Input the processor must refuse or cut: it counts rejected requests and spans, and cut attribute values, by reason. */
async function sendBadInput(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans": [' });
  const junkSession = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: ATTR_RUM_APPLICATION_ID, value: { stringValue: SHOP } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: EventType.USER_ACTION,
                startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
                endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                attributes: [
                  { key: ATTR_RUM_SESSION_ID, value: { stringValue: 'not-a-session-id' } },
                  { key: ATTR_RUM_EVENT_TYPE, value: { stringValue: EventType.USER_ACTION } },
                  { key: ATTR_RUM_ACTION_TARGET, value: { stringValue: 'x'.repeat(100_000) } },
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
    logsReceiver = await new OtlpReceiver().start();
    processor = await startProcessor(processorConfig(`${logsReceiver.url}/v1/logs`));
    synthetic = await startSynthetic(syntheticConfig(processor.baseUrl));
    prometheus = await startPrometheus([processor.baseUrl, synthetic.baseUrl].map((url) => new URL(url).host), [inRepository(RULES_FILE)]);
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
    await synthetic?.stop();
    await processor?.stop();
    await logsReceiver?.stop();
  });

  it.each(expressions.map((expression) => [expression.source, expression] as const))('%s returns series', (_source, { expr }) => {
    const result = outcome.get(expr);
    expect(typeof result === 'string' ? result : '', `Prometheus refused ${expr}`).toBe('');
    expect(result, `${expr} returned no series`).toBeGreaterThan(0);
  });

  it('fires SyntheticMonitorProblem for the failing monitor and not for the healthy one', async () => {
    const running = prometheus;
    if (!running) throw new Error('Prometheus did not start');
    const firing = await eventually('the synthetic alert to fire', async () => {
      const alerts = await running.query('ALERTS{alertname="SyntheticMonitorProblem", alertstate="firing"}');
      return alerts.length > 0 ? alerts : undefined;
    });
    expect(firing.map((alert) => [alert.metric[SyntheticLabel.MONITOR], alert.metric[SyntheticLabel.LOCATION]])).toEqual([[FAILING_MONITOR, 'lab']]);
  });

  it('exports session summaries as OTLP log records with every attribute the Sessions dashboard filters on in Loki', async () => {
    const receiver = logsReceiver;
    if (!receiver) throw new Error('the logs receiver did not start');
    const records = await eventually('the session summaries as OTLP logs', async () => {
      const received = receiver.requests.filter((request) => request.path.startsWith('/v1/logs')).flatMap((request) => summaryRecords(request.body));
      const ours = received.filter((record) => traffic.sessionIds.includes(String(record.attributes[SummaryField.SESSION_ID])));
      return ours.length >= traffic.sessionIds.length ? ours : undefined;
    });
    expect(records).toHaveLength(traffic.sessionIds.length);
    // Loki turns the resource's service.name into the stream label the query selects on, and log
    // attributes into structured metadata the query filters on.
    const lokiQuery = sessionSummaryQuery();
    expect(lokiQuery).toContain(`{${lokiName(ATTR_SERVICE_NAME)}=~".+"}`);
    for (const { resource, attributes } of records) {
      expect(resource[ATTR_SERVICE_NAME]).toEqual(expect.any(String));
      expect(attributes[ATTR_EVENT_NAME]).toBe(SESSION_SUMMARY_EVENT_NAME);
      expect(attributes[SummaryField.APPLICATION_ID]).toBe(SHOP);
      expect(UX_SCORES).toContain(attributes[SummaryField.UX_SCORE]);
      expect(SESSION_END_REASONS).toContain(attributes[SummaryField.END_REASON]);
      expect(typeof attributes[SummaryField.CONVERTED]).toBe('boolean');
    }
    expect(records.map(({ attributes }) => attributes[SummaryField.USER_TAG])).toContain('alice@example.com');
    // Every structured-metadata name the query filters on is one a summary carries.
    const filtered = [...lokiQuery.matchAll(/\| (\w+)=~?/g)].map((match) => match[1]);
    const carried = new Set(records.flatMap(({ attributes }) => Object.keys(attributes).map(lokiName)));
    expect(filtered.filter((name) => !carried.has(name ?? ''))).toEqual([]);
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
