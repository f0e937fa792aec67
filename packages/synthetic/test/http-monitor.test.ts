import {
  ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_RUM_USER_TYPE, ATTR_SYNTHETIC_FAILURE_REASON, ATTR_SYNTHETIC_MONITOR_ID,
  ATTR_SYNTHETIC_PROBLEM_OPEN, ATTR_SYNTHETIC_RESULT, ATTR_SYNTHETIC_STEP_NAME, ATTR_USER_AGENT_SYNTHETIC_TYPE,
  SPAN_EVENT_EXCEPTION, SPAN_EVENT_SYNTHETIC_PROBLEM_CLOSED, isSyntheticUserAgent, SPAN_EVENT_SYNTHETIC_PROBLEM_OPENED, SyntheticMetric,
} from '@otel-rum/semconv';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { parseConfig, Synthetic } from '../src/index.js';
import { TargetServer, TextSink } from './support.js';

const SPAN_STATUS_ERROR = 2;
let target: TargetServer;
let receiver: OtlpReceiver;
const opened: Synthetic[] = [];

beforeAll(async () => {
  [target, receiver] = await Promise.all([new TargetServer().start(), new OtlpReceiver().start()]);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((synthetic) => synthetic.shutdown()));
  target.mode = 'up';
  target.slowMs = 1500;
  target.received.length = 0;
  receiver.clear();
});
afterAll(async () => {
  await Promise.all([target.stop(), receiver.stop()]);
});

async function open(monitorsYaml: string): Promise<{ synthetic: Synthetic; log: TextSink }> {
  const config = parseConfig(`
location: test-lab
telemetry: { tracesEndpoint: "${receiver.tracesUrl}" }
monitors:
${monitorsYaml}`, { env: {} });
  const log = new TextSink();
  const synthetic = await Synthetic.open(config, { env: {}, log });
  opened.push(synthetic);
  return { synthetic, log };
}

/** The value of one series in Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('HTTP monitors', () => {
  it('pass against a healthy service, with a run span, a step span per request and the trace carried to the server', async () => {
    const { synthetic } = await open(`
  - id: api
    type: http
    requests:
      - name: health
        url: ${target.fixture.origin}/health
        assert:
          status: 200
          bodyContains: ok
          json: [{ path: "$.checks[0].name", equals: db }, { path: $.version }]
      - name: echo-free health again
        method: HEAD
        url: ${target.fixture.origin}/health
`);
    const result = await synthetic.runner.run('api');
    expect(result).toMatchObject({ monitorId: 'api', monitorType: 'http', location: 'test-lab', result: 'success', problem: { open: false } });
    expect(result.steps.map((step) => [step.name, step.result])).toEqual([['health', 'success'], ['echo-free health again', 'success']]);

    await synthetic.tracing.flush();
    const [runSpan] = receiver.spans.filter((span) => span.name === 'synthetic.run api');
    expect(runSpan?.attributes).toMatchObject({
      [ATTR_SYNTHETIC_MONITOR_ID]: 'api', [ATTR_SYNTHETIC_RESULT]: 'success', [ATTR_RUM_USER_TYPE]: 'synthetic', [ATTR_USER_AGENT_SYNTHETIC_TYPE]: 'test',
    });
    expect(runSpan?.traceId).toBe(result.traceId);
    const steps = receiver.spans.filter((span) => span.parentSpanId === runSpan?.spanId);
    expect(steps.map((span) => span.attributes[ATTR_SYNTHETIC_STEP_NAME]).sort()).toEqual(['echo-free health again', 'health']);
    expect(steps.every((span) => span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] === 200)).toBe(true);
    // The service saw a traceparent of the run's trace.
    expect(target.received[0]?.headers.traceparent).toMatch(new RegExp(`^00-${result.traceId}-[0-9a-f]{16}-01$`));
    expect(target.received[0]?.headers['user-agent']).toMatch(/^OtelRumSynthetic\/\d+\.\d+\.\d+ \(monitor=api; location=test-lab\)$/);
    expect(isSyntheticUserAgent(target.received[0]!.headers['user-agent']!)).toBe(true);
  });

  it('fail on the wrong status, body or JSON value, with the reason on the spans', async () => {
    const { synthetic } = await open(`
  - id: status
    type: http
    requests: [{ url: "${target.fixture.origin}/health" }]
  - id: body
    type: http
    requests: [{ url: "${target.fixture.origin}/health", assert: { bodyContains: '"ok"' } }]
  - id: json
    type: http
    requests: [{ url: "${target.fixture.origin}/health", assert: { json: [{ path: $.status, equals: ok }] } }]
`);
    target.mode = 'error';
    expect((await synthetic.runner.run('status')).failure).toEqual({ reason: 'assertion', message: 'status 503, expected 2xx' });
    target.mode = 'wrong';
    expect((await synthetic.runner.run('body')).failure?.message).toMatch(/^body does not contain "\\"ok\\"": "\{\\"status\\":\\"degraded\\"/);
    expect((await synthetic.runner.run('json')).failure).toEqual({ reason: 'assertion', message: '$.status is "degraded", expected "ok"' });

    await synthetic.tracing.flush();
    const failedSteps = receiver.spans.filter((span) => span.name.startsWith('synthetic.step'));
    expect(failedSteps).toHaveLength(3);
    for (const span of failedSteps) {
      expect(span.status.code).toBe(SPAN_STATUS_ERROR);
      expect(span.attributes[ATTR_SYNTHETIC_FAILURE_REASON]).toBe('assertion');
      expect(span.events.find((event) => event.name === SPAN_EVENT_EXCEPTION)?.attributes['exception.message']).toBe(span.status.message);
    }
  });

  it('tell a dropped connection from a timeout, and stop at the first failed request', async () => {
    const { synthetic } = await open(`
  - id: api
    type: http
    timeout: 300ms
    requests:
      - url: ${target.fixture.origin}/health
      - url: ${target.fixture.origin}/health?second
`);
    target.mode = 'down';
    const down = await synthetic.runner.run('api');
    expect(down.failure).toEqual({ reason: 'network', message: expect.stringMatching(/^fetch failed: /) });
    expect(down.steps).toHaveLength(1);

    target.mode = 'slow';
    const slow = await synthetic.runner.run('api');
    expect(slow.failure).toEqual({ reason: 'timeout', message: `no complete answer from ${new URL(target.fixture.origin).host} within 300 ms` });
    expect(slow.steps).toHaveLength(1);
  });

  it('judge each request and the whole run against their thresholds', async () => {
    // Far apart, so a loaded machine cannot blur fast and slow.
    target.slowMs = 1500;
    const { synthetic } = await open(`
  - id: step-threshold
    type: http
    requests:
      - { name: slow, url: "${target.fixture.origin}/health", threshold: 1s }
      - { name: after, url: "${target.fixture.origin}/health?after" }
  - id: run-threshold
    type: http
    threshold: 1s
    requests:
      - { name: slow, url: "${target.fixture.origin}/health", threshold: 10s }
`);
    target.mode = 'slow';
    const stepSlow = await synthetic.runner.run('step-threshold');
    expect(stepSlow.result).toBe('failure');
    expect(stepSlow.failure).toMatchObject({ reason: 'threshold', message: expect.stringMatching(/^step "slow" took \d+ ms, threshold 1000 ms$/) });
    // A slow step is not a broken one: the journey goes on and the next step is judged too.
    expect(stepSlow.steps.map((step) => [step.name, step.result])).toEqual([['slow', 'failure'], ['after', 'success']]);

    const runSlow = await synthetic.runner.run('run-threshold');
    expect(runSlow.steps.map((step) => step.result)).toEqual(['success']);
    expect(runSlow.failure).toMatchObject({ reason: 'threshold', message: expect.stringMatching(/^run took \d+ ms, threshold 1000 ms$/) });

    target.mode = 'up';
    expect((await synthetic.runner.run('step-threshold')).result).toBe('success');
  });

  it('open a problem after N failures in a row and close it on the first recovery', async () => {
    const { synthetic, log } = await open(`
  - id: shop
    type: http
    outage: { consecutiveFailures: 3 }
    requests: [{ url: "${target.fixture.origin}/health" }]
`);
    const where = { monitor: 'shop', location: 'test-lab' };
    const problemsOpen = async () => sample(await synthetic.metrics.text(), SyntheticMetric.PROBLEMS_OPEN, where);
    expect(await problemsOpen()).toBe(0);

    target.mode = 'error';
    const first = await synthetic.runner.run('shop');
    const second = await synthetic.runner.run('shop');
    expect([first.problem, second.problem].map((problem) => [problem.open, problem.consecutiveFailures])).toEqual([[false, 1], [false, 2]]);
    expect(synthetic.runner.openProblems()).toEqual([]);
    // A success in between resets the count.
    target.mode = 'up';
    await synthetic.runner.run('shop');
    target.mode = 'error';
    await synthetic.runner.run('shop');
    await synthetic.runner.run('shop');
    expect(await problemsOpen()).toBe(0);

    const third = await synthetic.runner.run('shop');
    expect(third.problem).toMatchObject({ open: true, opened: true, consecutiveFailures: 3 });
    expect(await problemsOpen()).toBe(1);
    expect(synthetic.runner.openProblems()).toEqual([{ monitorId: 'shop', location: 'test-lab', openedAt: third.problem.openedAt, consecutiveFailures: 3 }]);
    const fourth = await synthetic.runner.run('shop');
    expect(fourth.problem).toMatchObject({ open: true, opened: false, consecutiveFailures: 4 });

    target.mode = 'up';
    const recovered = await synthetic.runner.run('shop');
    expect(recovered.problem).toMatchObject({ open: false, closed: true, consecutiveFailures: 0 });
    expect(await problemsOpen()).toBe(0);
    expect(synthetic.runner.openProblems()).toEqual([]);

    const metrics = await synthetic.metrics.text();
    expect(sample(metrics, SyntheticMetric.PROBLEMS_OPENED, where)).toBe(1);
    expect(sample(metrics, SyntheticMetric.RUNS, { ...where, monitor_type: 'http', result: 'failure' })).toBe(6);
    expect(sample(metrics, SyntheticMetric.RUNS, { ...where, monitor_type: 'http', result: 'success' })).toBe(2);
    expect(sample(metrics, SyntheticMetric.FAILURES, { ...where, reason: 'assertion' })).toBe(6);
    expect(sample(metrics, SyntheticMetric.MONITOR_UP, where)).toBe(1);
    expect(sample(metrics, `${SyntheticMetric.RUN_DURATION}_count`, where)).toBe(8);
    expect(sample(metrics, `${SyntheticMetric.STEP_DURATION}_count`, { ...where, step: `GET ${target.fixture.origin}/health` })).toBe(8);

    await synthetic.tracing.flush();
    const runSpans = receiver.spans.filter((span) => span.name === 'synthetic.run shop');
    expect(runSpans).toHaveLength(8);
    const withEvent = (name: string) => runSpans.filter((span) => span.events.some((event) => event.name === name)).map((span) => span.traceId);
    expect(withEvent(SPAN_EVENT_SYNTHETIC_PROBLEM_OPENED)).toEqual([third.traceId]);
    expect(withEvent(SPAN_EVENT_SYNTHETIC_PROBLEM_CLOSED)).toEqual([recovered.traceId]);
    expect(runSpans.filter((span) => span.attributes[ATTR_SYNTHETIC_PROBLEM_OPEN] === true)).toHaveLength(2);

    const messages = log.lines().map((line) => line.message);
    expect(messages.filter((message) => message === 'problem opened')).toHaveLength(1);
    expect(messages.filter((message) => message === 'problem closed')).toHaveLength(1);
  });
});
