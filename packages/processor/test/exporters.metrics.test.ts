import { spawn } from 'node:child_process';
import {
  ActionType,
  ApdexRating,
  ATTR_BROWSER_WEB_VITAL_NAME,
  ATTR_BROWSER_WEB_VITAL_RATING,
  ATTR_BROWSER_WEB_VITAL_VALUE,
  BehaviourSegment,
  ConversionGoalKind,
  ErrorType,
  EventType,
  EXEMPLAR_TRACE_ID,
  Label,
  Metric,
  MetricLabels,
  SessionEndReason,
  StatusClass,
  UserType,
  UxScore,
  WebVitalName,
  WebVitalRating,
} from '@otel-rum/semconv';
import { describe, expect, it } from 'vitest';
import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, RumMetrics } from '../src/exporters/index.js';
import { defaultAppSettings, type AppSettings, type RumSpan } from '../src/model.js';
import { Sessionizer } from '../src/sessionizer/index.js';
import { action, APP_ID, error, FakeClock, newSessionId, request, rumSpan, T0 } from './sessionizer.fixtures.js';

const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

/** Samples of a classic text page: `name{a="x",b="y"}` → value. */
function parseSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\S+?(?:\{.*\})?) (\S+)/.exec(line);
    if (match) samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

const sample = (metric: string, labels: Record<string, string> = {}): string => {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
};

function promtoolCheckMetrics(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

const appSettings: AppSettings = {
  ...defaultAppSettings(APP_ID),
  conversionGoals: [{ name: 'paid', kind: ConversionGoalKind.ACTION, actionName: 'click on "Pay"' }],
};

const webVital = (sessionId: string, at: number, name: WebVitalName, value: number, rating: WebVitalRating): RumSpan =>
  rumSpan(sessionId, EventType.WEB_VITAL, at, {
    page: '/cart',
    attributes: { [ATTR_BROWSER_WEB_VITAL_NAME]: name, [ATTR_BROWSER_WEB_VITAL_VALUE]: value, [ATTR_BROWSER_WEB_VITAL_RATING]: rating },
  });

/** Three sessions: a converting clean one, a converting one with a rage click on /cart, a non-converting one with an error on /cart. */
function pipeline() {
  const clock = new FakeClock(T0);
  const sessionizer = new Sessionizer({ clock: clock.now, settingsFor: () => appSettings, closeGraceMs: 1000 });
  const metrics = new RumMetrics();
  const [clean, raging, failing] = [newSessionId(), newSessionId(), newSessionId()];
  const slow = action(failing, T0 + 100, 20_000, { page: '/cart', traceId: 'a'.repeat(32) });
  const spans: RumSpan[] = [
    action(clean, T0, 500, { type: ActionType.LOAD, name: 'loading of page /', page: '/' }),
    action(clean, T0 + 1000, 800, { name: 'click on "Pay"', page: '/cart' }),
    request(clean, T0 + 1100, 200, { page: '/cart' }),
    rumSpan(clean, EventType.PAGE_CHANGE, T0, { page: '/' }),
    action(raging, T0, 500, { name: 'click on "Pay"', page: '/cart' }),
    rumSpan(raging, EventType.RAGE_CLICK, T0 + 600, { page: '/cart' }),
    rumSpan(raging, EventType.DEAD_CLICK, T0 + 700, { page: '/cart' }),
    rumSpan(raging, EventType.ERROR_CLICK, T0 + 800, { page: '/cart' }),
    slow,
    request(failing, T0 + 200, 503, { page: '/cart', parentSpanId: slow.spanId }),
    request(failing, T0 + 300, 0, { page: '/cart', attributes: { 'http.response.status_code': 0 } }),
    error(failing, T0 + 400, ErrorType.JAVASCRIPT, { page: '/cart' }),
    webVital(failing, T0 + 500, WebVitalName.LCP, 2300, WebVitalRating.GOOD),
    webVital(failing, T0 + 500, WebVitalName.CLS, 0.3, WebVitalRating.POOR),
    ...[clean, raging, failing].map((id) => rumSpan(id, EventType.SESSION_END, T0 + 25_000, { page: '/cart' })),
  ];
  metrics.recordSpans(spans, sessionizer.ingest(spans));
  metrics.setOpenSessions(sessionizer.openSessionsByApp());
  return { clock, sessionizer, metrics, slow };
}

describe('exporters: Prometheus metrics', () => {
  it('counts actions, errors, requests, clicks, page views and web vitals per batch with bounded labels', async () => {
    const { metrics } = pipeline();
    const page = await metrics.render(undefined);
    expect(page.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    const samples = parseSamples(page.body);
    const cart = { [Label.APP]: APP_ID, [Label.PAGE_GROUP]: '/cart' };
    const actionsOf = (pageGroup: string, actionType: string, apdex: string) =>
      samples.get(sample(Metric.USER_ACTIONS, { [Label.APP]: APP_ID, [Label.PAGE_GROUP]: pageGroup, [Label.ACTION_TYPE]: actionType, [Label.APDEX]: apdex }));
    expect(actionsOf('/', ActionType.LOAD, ApdexRating.SATISFIED)).toBe(1);
    expect(actionsOf('/cart', ActionType.XHR, ApdexRating.SATISFIED)).toBe(2);
    expect(actionsOf('/cart', ActionType.XHR, ApdexRating.FRUSTRATED)).toBe(1);
    expect(samples.get(sample(Metric.ERRORS, { ...cart, [Label.ERROR_TYPE]: ErrorType.JAVASCRIPT }))).toBe(1);
    expect(samples.get(sample(Metric.REQUESTS, { ...cart, [Label.STATUS_CLASS]: StatusClass.SUCCESS }))).toBe(1);
    expect(samples.get(sample(Metric.REQUESTS, { ...cart, [Label.STATUS_CLASS]: StatusClass.SERVER_ERROR }))).toBe(1);
    expect(samples.get(sample(Metric.REQUESTS, { ...cart, [Label.STATUS_CLASS]: StatusClass.NETWORK_ERROR }))).toBe(1);
    expect(samples.get(sample(Metric.RAGE_CLICKS, cart))).toBe(1);
    expect(samples.get(sample(Metric.DEAD_CLICKS, cart))).toBe(1);
    expect(samples.get(sample(Metric.ERROR_CLICKS, cart))).toBe(1);
    expect(samples.get(sample(Metric.PAGE_VIEWS, { [Label.APP]: APP_ID, [Label.PAGE_GROUP]: '/' }))).toBe(1);
    expect(samples.get(sample(`${Metric.WEB_VITAL_LCP}_bucket`, { ...cart, le: '2.5' }))).toBe(1);
    expect(samples.get(sample(`${Metric.WEB_VITAL_LCP}_bucket`, { ...cart, le: '2' }))).toBe(0);
    expect(samples.get(sample(`${Metric.WEB_VITAL_CLS}_sum`, cart))).toBe(0.3);
    expect(samples.get(sample(Metric.WEB_VITAL_RATINGS, { ...cart, [Label.VITAL]: WebVitalName.CLS, [Label.RATING]: WebVitalRating.POOR }))).toBe(1);
    expect(samples.get(sample(`${Metric.USER_ACTION_DURATION}_count`, { ...cart, [Label.ACTION_TYPE]: ActionType.XHR }))).toBe(3);
    expect(samples.get(sample(Metric.ACTIVE_SESSIONS, { [Label.APP]: APP_ID }))).toBe(3);
    expect(samples.get(Metric.OPEN_SESSIONS)).toBe(3);
    for (const line of page.body.split('\n')) expect(line).not.toMatch(/[0-9a-f]{32}/);
  });

  it('counts ended sessions by outcome and behaviour segment, so conversion per segment is computable', async () => {
    const { clock, sessionizer, metrics } = pipeline();
    clock.advanceBy(30_000);
    metrics.recordEndedSessions(sessionizer.advance());
    metrics.setOpenSessions(sessionizer.openSessionsByApp());
    const samples = parseSamples((await metrics.render(undefined)).body);
    const ended = (uxScore: string, bounce: string, converted: string) =>
      samples.get(
        sample(Metric.SESSIONS_ENDED, {
          [Label.APP]: APP_ID,
          [Label.UX_SCORE]: uxScore,
          [Label.END_REASON]: SessionEndReason.API,
          [Label.BOUNCE]: bounce,
          [Label.CONVERTED]: converted,
          [Label.USER_TYPE]: UserType.REAL_USER,
        }),
      );
    expect(ended(UxScore.SATISFYING, 'false', 'true')).toBe(1);
    // One satisfied action and a rage click: 2 / 5 ≥ 30 %.
    expect(ended(UxScore.FRUSTRATING, 'true', 'true')).toBe(1);
    expect(ended(UxScore.FRUSTRATING, 'true', 'false')).toBe(1);
    expect(samples.get(sample(Metric.CONVERSIONS, { [Label.APP]: APP_ID, [Label.GOAL]: 'paid' }))).toBe(2);
    const segment = (pageGroup: string, name: string, converted: string) =>
      samples.get(sample(Metric.SESSION_SEGMENTS, { [Label.APP]: APP_ID, [Label.PAGE_GROUP]: pageGroup, [Label.SEGMENT]: name, [Label.CONVERTED]: converted })) ?? 0;
    expect(segment('/cart', BehaviourSegment.CLEAN, 'true')).toBe(1);
    expect(segment('/cart', BehaviourSegment.RAGE_CLICK, 'true')).toBe(1);
    expect(segment('/cart', BehaviourSegment.ERROR, 'false')).toBe(1);
    expect(segment('/', BehaviourSegment.CLEAN, 'true')).toBe(1);
    expect(samples.get(sample(Metric.ENTRY_PAGES, { [Label.APP]: APP_ID, [Label.PAGE_GROUP]: '/' }))).toBe(1);
    expect(samples.get(sample(Metric.EXIT_PAGES, { [Label.APP]: APP_ID, [Label.PAGE_GROUP]: '/cart' }))).toBe(3);
    expect(samples.get(sample(`${Metric.SESSION_DURATION}_count`, { [Label.APP]: APP_ID }))).toBe(3);
    expect(samples.get(sample(`${Metric.SESSION_ACTIONS}_sum`, { [Label.APP]: APP_ID }))).toBe(4);
    // The application's sessions all closed: its gauge reads 0 rather than vanishing.
    expect(samples.get(sample(Metric.ACTIVE_SESSIONS, { [Label.APP]: APP_ID }))).toBe(0);
    expect(samples.get(Metric.OPEN_SESSIONS)).toBe(0);
  });

  it('counts the processor health reported by ingest and the exporters', async () => {
    const metrics = new RumMetrics();
    metrics.spansReceived('http', 512);
    metrics.spansReceived('http', 16);
    metrics.spansRejected('attribute_limit', 3);
    metrics.requestsRejected('unknown_application');
    metrics.exportsFailed('otlp_http_logs', 2);
    const samples = parseSamples((await metrics.render(undefined)).body);
    expect(samples.get(sample(Metric.SPANS_RECEIVED, { [Label.TRANSPORT]: 'http' }))).toBe(528);
    expect(samples.get(sample(Metric.SPANS_REJECTED, { [Label.REASON]: 'attribute_limit' }))).toBe(3);
    expect(samples.get(sample(Metric.REQUESTS_REJECTED, { [Label.REASON]: 'unknown_application' }))).toBe(1);
    expect(samples.get(sample(Metric.EXPORTS_FAILED, { [Label.EXPORTER]: 'otlp_http_logs' }))).toBe(2);
  });

  it('aggregates a batch into one count per label set', async () => {
    const { metrics, sessionizer } = pipeline();
    const id = newSessionId();
    const burst = Array.from({ length: 1000 }, (_, index) => request(id, T0 + index, 404, { page: '/search' }));
    metrics.recordSpans(burst, sessionizer.ingest(burst));
    const samples = parseSamples((await metrics.render(undefined)).body);
    expect(samples.get(sample(Metric.REQUESTS, { [Label.APP]: APP_ID, [Label.PAGE_GROUP]: '/search', [Label.STATUS_CLASS]: StatusClass.CLIENT_ERROR }))).toBe(1000);
  });

  it('exposes every SPEC §6 family with exactly the labels semconv MetricLabels gives it', async () => {
    const { clock, sessionizer, metrics } = pipeline();
    clock.advanceBy(30_000);
    metrics.recordEndedSessions(sessionizer.advance());
    metrics.setOpenSessions(sessionizer.openSessionsByApp());
    metrics.spansReceived('http', 1);
    metrics.spansRejected('malformed', 1);
    metrics.attributesLimited('attribute_count_limit', 2);
    metrics.requestsRejected('rate_limited');
    metrics.exportsFailed('otlp_http_logs');
    const vitals = [WebVitalName.INP, WebVitalName.FCP, WebVitalName.TTFB].map((name) => webVital(newSessionId(), T0, name, 180, WebVitalRating.GOOD));
    metrics.recordSpans(vitals, sessionizer.ingest(vitals));
    const { body } = await metrics.render(undefined);
    const lines = body.split('\n');
    for (const metric of Object.values(Metric)) {
      const type = lines.find((line) => line.startsWith(`# TYPE ${metric} `))?.split(' ')[3];
      expect(type, metric).toBeDefined();
      const names = type === 'histogram' ? [`${metric}_bucket`, `${metric}_sum`, `${metric}_count`] : [metric];
      const samples = lines.filter((line) => !line.startsWith('#') && names.includes(line.split(/[{ ]/)[0] as string));
      expect(samples.length, `${metric} has samples`).toBeGreaterThan(0);
      for (const line of samples) {
        const labels = [...(/\{(.*)\}/.exec(line)?.[1] ?? '').matchAll(/([a-z_]+)="/g)].map((match) => match[1]);
        const expected: string[] = [...MetricLabels[metric]];
        if (/_bucket\{/.test(line)) expected.push('le');
        expect(labels, line).toEqual(expected);
      }
    }
  });

  it('writes a classic text page that passes promtool check metrics', async () => {
    const { clock, sessionizer, metrics } = pipeline();
    clock.advanceBy(30_000);
    metrics.recordEndedSessions(sessionizer.advance());
    metrics.spansReceived('grpc', 1);
    const { body } = await metrics.render('text/plain');
    const { code, output } = await promtoolCheckMetrics(body);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('writes OpenMetrics with trace-id exemplars on the action duration buckets when the scraper accepts it', async () => {
    const { metrics, slow } = pipeline();
    const page = await metrics.render(PROMETHEUS_ACCEPT);
    expect(page.contentType).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(page.body.endsWith('# EOF\n')).toBe(true);
    const exemplarLine = page.body
      .split('\n')
      .find((line) => line.startsWith(`${Metric.USER_ACTION_DURATION}_bucket`) && line.includes(`${EXEMPLAR_TRACE_ID}="${slow.traceId}"`));
    expect(exemplarLine).toMatch(/le="30"\} 3 # \{trace_id="a{32}"\} 20 \d+\.\d{3}$/);
    // Counter families drop _total in their metadata and keep it on samples.
    expect(page.body).toContain(`# TYPE ${Metric.USER_ACTIONS.replace(/_total$/, '')} counter`);
    expect(page.body).toMatch(new RegExp(`^${Metric.USER_ACTIONS}\\{`, 'm'));
    // Rendering OpenMetrics leaves the classic page intact.
    const classic = await metrics.render(undefined);
    expect(classic.body).toContain(`# TYPE ${Metric.USER_ACTIONS} counter`);
    expect(classic.body).not.toContain('# {');
  });
});
