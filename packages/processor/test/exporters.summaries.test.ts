import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ATTR_EVENT_NAME,
  ATTR_SERVICE_NAME,
  ConversionGoalKind,
  EventType,
  Label,
  Metric,
  SESSION_SUMMARY_EVENT_NAME,
  sessionPropertyAttribute,
  SummaryField,
} from '@otel-rum/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import { flattenAttributes } from '../../../test/support/otlp-receiver.js';
import {
  JSON_LINES_FILE_EXPORTER,
  JsonLinesFileExporter,
  OTLP_HTTP_LOGS_EXPORTER,
  OtlpHttpLogsExporter,
  RumMetrics,
} from '../src/exporters/index.js';
import { defaultAppSettings, type SessionSummary } from '../src/model.js';
import { Sessionizer } from '../src/sessionizer/index.js';
import { action, APP_ID, FakeClock, newSessionId, rumSpan, sessionEnd, T0 } from './sessionizer.fixtures.js';

/** Summaries of `count` real sessions, each with two actions, a goal reached and a session property. */
function summaries(count: number): SessionSummary[] {
  const clock = new FakeClock(T0);
  const settings = {
    ...defaultAppSettings(APP_ID),
    conversionGoals: [{ name: 'paid', kind: ConversionGoalKind.ACTION, actionName: 'click on "Pay"' } as const],
  };
  const sessionizer = new Sessionizer({ clock: clock.now, settingsFor: () => settings, closeGraceMs: 0 });
  for (let index = 0; index < count; index++) {
    const id = newSessionId();
    sessionizer.ingest([
      action(id, T0, 1000),
      action(id, T0 + 2000, 5000, { name: 'click on "Pay"' }),
      rumSpan(id, EventType.SESSION_PROPERTY, T0 + 2500, { attributes: { [sessionPropertyAttribute('plan')]: 'pro' } }),
      sessionEnd(id, T0 + 8000),
    ]);
  }
  return sessionizer.advance().map((ended) => ended.summary);
}

async function exportsFailed(metrics: RumMetrics, exporter: string): Promise<number> {
  const { body } = await metrics.render(undefined);
  const line = body.split('\n').find((candidate) => candidate.startsWith(`${Metric.EXPORTS_FAILED}{${Label.EXPORTER}="${exporter}"}`));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

interface LogsRequest {
  path: string;
  contentType: string;
  body: {
    resourceLogs: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeLogs: {
        scope: { name: string };
        logRecords: { timeUnixNano: string; eventName: string; severityNumber: number; attributes: { key: string; value: Record<string, unknown> }[] }[];
      }[];
    }[];
  };
}

/** An OTLP/HTTP logs endpoint answering with the scripted statuses in turn (200 once they run out). */
class LogsEndpoint {
  readonly requests: LogsRequest[] = [];
  private server: Server | undefined;
  /** While set, responses wait for it. */
  hold: Promise<void> | undefined;

  constructor(private readonly statuses: number[] = []) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.requests.push({
          path: req.url ?? '',
          contentType: req.headers['content-type'] ?? '',
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as LogsRequest['body'],
        });
        void Promise.resolve(this.hold).then(() => res.writeHead(this.statuses.shift() ?? 200, { 'content-type': 'application/json' }).end('{}'));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get logsUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/v1/logs`;
  }

  records() {
    return this.requests.flatMap((request) => request.body.resourceLogs.flatMap((resource) => resource.scopeLogs.flatMap((scope) => scope.logRecords)));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const endpoints: LogsEndpoint[] = [];
async function endpoint(statuses: number[] = []): Promise<LogsEndpoint> {
  const started = await new LogsEndpoint(statuses).start();
  endpoints.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((started) => started.stop()));
});

describe('exporters: session summaries as OTLP log records over OTLP/HTTP JSON', () => {
  it('posts each summary as a dt.rum.session_summary log record with typed attributes', async () => {
    const logs = await endpoint();
    const metrics = new RumMetrics();
    const exporter = new OtlpHttpLogsExporter({ endpoint: logs.logsUrl, failures: metrics });
    const [summary] = summaries(1) as [SessionSummary];
    exporter.export([summary]);
    await exporter.shutdown();
    expect(logs.requests).toHaveLength(1);
    const [request] = logs.requests as [LogsRequest];
    expect(request.path).toBe('/v1/logs');
    expect(request.contentType).toBe('application/json');
    const resource = request.body.resourceLogs[0];
    expect(flattenAttributes(resource?.resource.attributes)[ATTR_SERVICE_NAME]).toBe('otel-rum-processor');
    const [record] = logs.records();
    expect(record?.eventName).toBe(SESSION_SUMMARY_EVENT_NAME);
    expect(record?.timeUnixNano).toBe(`${T0 + 8000}000000`);
    expect(flattenAttributes(record?.attributes)).toEqual({ [ATTR_EVENT_NAME]: SESSION_SUMMARY_EVENT_NAME, ...summary });
    const typed = new Map(record?.attributes.map(({ key, value }) => [key, value]));
    expect(typed.get(SummaryField.ACTION_COUNT)).toEqual({ intValue: '2' });
    expect(typed.get(SummaryField.APDEX)).toEqual({ doubleValue: 0.75 });
    expect(typed.get(SummaryField.CONVERTED)).toEqual({ boolValue: true });
    expect(typed.get(SummaryField.CONVERSION_GOALS)).toEqual({ arrayValue: { values: [{ stringValue: 'paid' }] } });
    expect(typed.get(sessionPropertyAttribute('plan'))).toEqual({ stringValue: 'pro' });
    expect(await exportsFailed(metrics, OTLP_HTTP_LOGS_EXPORTER)).toBe(0);
  });

  it('retries what the endpoint asks to retry (503, 429) and delivers once', async () => {
    const logs = await endpoint([503, 429]);
    const metrics = new RumMetrics();
    const exporter = new OtlpHttpLogsExporter({ endpoint: logs.logsUrl, failures: metrics, initialBackoffMs: 10 });
    exporter.export(summaries(3));
    await exporter.flush();
    expect(logs.requests).toHaveLength(3);
    expect(logs.requests.map((request) => request.body.resourceLogs[0]?.scopeLogs[0]?.logRecords.length)).toEqual([3, 3, 3]);
    expect(await exportsFailed(metrics, OTLP_HTTP_LOGS_EXPORTER)).toBe(0);
  });

  it('gives up at once on a permanent rejection and counts the lost summaries', async () => {
    const logs = await endpoint([400]);
    const metrics = new RumMetrics();
    const exporter = new OtlpHttpLogsExporter({ endpoint: logs.logsUrl, failures: metrics, initialBackoffMs: 10 });
    exporter.export(summaries(2));
    await exporter.flush();
    expect(logs.requests).toHaveLength(1);
    expect(await exportsFailed(metrics, OTLP_HTTP_LOGS_EXPORTER)).toBe(2);
    // The exporter keeps working for what comes next.
    exporter.export(summaries(1));
    await exporter.flush();
    expect(logs.records()).toHaveLength(3);
    expect(await exportsFailed(metrics, OTLP_HTTP_LOGS_EXPORTER)).toBe(2);
  });

  it('counts summaries lost to an unreachable endpoint after its retries', async () => {
    const gone = await endpoint();
    const url = gone.logsUrl;
    await gone.stop();
    const metrics = new RumMetrics();
    const exporter = new OtlpHttpLogsExporter({ endpoint: url, failures: metrics, maxAttempts: 3, initialBackoffMs: 10 });
    exporter.export(summaries(2));
    await exporter.flush();
    expect(await exportsFailed(metrics, OTLP_HTTP_LOGS_EXPORTER)).toBe(2);
  });

  it('bounds its queue while the endpoint is slow, dropping (and counting) the oldest', async () => {
    const logs = await endpoint();
    let release = (): void => undefined;
    logs.hold = new Promise<void>((resolve) => (release = resolve));
    const metrics = new RumMetrics();
    const exporter = new OtlpHttpLogsExporter({ endpoint: logs.logsUrl, failures: metrics, maxQueueSize: 3, maxBatchSize: 2 });
    const all = summaries(7);
    exporter.export(all.slice(0, 2));
    // The first batch is now in flight; the queue holds at most 3 of the next 5.
    exporter.export(all.slice(2));
    expect(await exportsFailed(metrics, OTLP_HTTP_LOGS_EXPORTER)).toBe(2);
    release();
    await exporter.flush();
    const delivered = logs.records().map((record) => flattenAttributes(record.attributes)[SummaryField.SESSION_ID]);
    expect(delivered).toEqual([...all.slice(0, 2), ...all.slice(4)].map((summary) => summary[SummaryField.SESSION_ID]));
  });
});

describe('exporters: session summaries as JSON lines', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('appends one JSON object per summary and line, in order', async () => {
    directory = await mkdtemp(join(tmpdir(), 'otel-rum-summaries-'));
    const path = join(directory, 'sessions.jsonl');
    const metrics = new RumMetrics();
    const exporter = new JsonLinesFileExporter(path, metrics);
    const all = summaries(3);
    exporter.export(all.slice(0, 1));
    exporter.export(all.slice(1));
    await exporter.shutdown();
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(all.map((summary) => ({ [ATTR_EVENT_NAME]: SESSION_SUMMARY_EVENT_NAME, ...summary })));
    expect(await exportsFailed(metrics, JSON_LINES_FILE_EXPORTER)).toBe(0);
  });

  it('rotates the file by size, keeping the newest backups, and loses no summary on the way', async () => {
    directory = await mkdtemp(join(tmpdir(), 'otel-rum-summaries-'));
    const path = join(directory, 'sessions.jsonl');
    // What an earlier run left counts toward the first rotation.
    await writeFile(path, '{"earlier":"run"}\n');
    const metrics = new RumMetrics();
    const all = summaries(12);
    const lineBytes = Math.max(...all.map((summary) => Buffer.byteLength(`${JSON.stringify({ [ATTR_EVENT_NAME]: SESSION_SUMMARY_EVENT_NAME, ...summary })}\n`)));
    const exporter = new JsonLinesFileExporter(path, metrics, { maxBytes: 2 * lineBytes + 10, maxBackups: 2 });
    for (const summary of all) exporter.export([summary]);
    await exporter.shutdown();
    expect((await readdir(directory)).sort()).toEqual(['sessions.jsonl', 'sessions.jsonl.1', 'sessions.jsonl.2']);
    const sessionIds = async (file: string) =>
      (await readFile(join(directory!, file), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as SessionSummary)[SummaryField.SESSION_ID]);
    const kept = [...(await sessionIds('sessions.jsonl.2')), ...(await sessionIds('sessions.jsonl.1')), ...(await sessionIds('sessions.jsonl'))];
    // Files of two summaries after the first (the earlier run's line and summary 1): 2–3, …, 10–11,
    // then 12 alone in the live file. Three files are kept: summaries 8 to 12, oldest first.
    expect(kept).toEqual(all.slice(7).map((summary) => summary[SummaryField.SESSION_ID]));
    expect(await exportsFailed(metrics, JSON_LINES_FILE_EXPORTER)).toBe(0);
  });

  it('counts summaries it could not write, and keeps going', async () => {
    directory = await mkdtemp(join(tmpdir(), 'otel-rum-summaries-'));
    const metrics = new RumMetrics();
    const exporter = new JsonLinesFileExporter(join(directory, 'missing-directory', 'sessions.jsonl'), metrics);
    exporter.export(summaries(2));
    exporter.export(summaries(1));
    await exporter.flush();
    expect(await exportsFailed(metrics, JSON_LINES_FILE_EXPORTER)).toBe(3);
  });
});
