import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SummaryField } from '@otel-rum/semconv';
import { parseConfig, startProcessor, type ProcessorService, type SessionSummary } from '../../src/index.js';

export const SHOP_APP = 'shop';
export const SHOP_ORIGIN = 'http://shop.test:8080';

type Document = Record<string, unknown>;

/** A config for tests: one application, seconds-long sessions, a fast tick, summaries to a temp file. */
export function testConfigDocument(directory: string, overrides: { limits?: Document; server?: Document; application?: Document; otherApplications?: Document[]; sessions?: Document } = {}): Document {
  return {
    server: { host: '127.0.0.1', httpPort: 0, grpcPort: 0, ...overrides.server },
    limits: { rateLimit: { requestsPerSecond: 1000, burst: 1000 }, ...overrides.limits },
    sessions: { tickSeconds: 0.1, closeGraceSeconds: 0.3, ...overrides.sessions },
    applications: [
      {
        id: SHOP_APP,
        allowedOrigins: [SHOP_ORIGIN],
        sessions: { inactivityTimeoutSeconds: 1.5 },
        ...overrides.application,
      },
      ...(overrides.otherApplications ?? []),
    ],
    exporters: { jsonLines: { path: join(directory, 'summaries.jsonl') } },
    state: { path: join(directory, 'state.json') },
  };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Session summaries written as JSON lines to `path` so far. */
export function readSummaries(path: string): SessionSummary[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SessionSummary);
}

/** A processor running in this process on free ports, with its temp directory. */
export class TestProcessor {
  private constructor(
    readonly service: ProcessorService,
    readonly directory: string,
    /** What the processor logged. */
    readonly logs: string[],
  ) {}

  static async start(overrides: Parameters<typeof testConfigDocument>[1] = {}): Promise<TestProcessor> {
    const directory = mkdtempSync(join(tmpdir(), 'otel-rum-processor-'));
    const config = parseConfig(testConfigDocument(directory, overrides), directory);
    const logs: string[] = [];
    const service = await startProcessor(config, { logger: { info: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) } });
    return new TestProcessor(service, directory, logs);
  }

  get url(): string {
    return `http://127.0.0.1:${this.service.httpPort}`;
  }

  get tracesUrl(): string {
    return `${this.url}/v1/traces`;
  }

  get summariesPath(): string {
    return join(this.directory, 'summaries.jsonl');
  }

  summaries(): SessionSummary[] {
    return readSummaries(this.summariesPath);
  }

  /** The summary of one session, once it has ended. */
  summaryOf(sessionId: string, timeoutMs = 20_000): Promise<SessionSummary> {
    return waitFor(`the summary of session ${sessionId}`, () => this.summaries().find((summary) => summary[SummaryField.SESSION_ID] === sessionId), timeoutMs);
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.url}/metrics`)).text();
  }

  /** The value of one sample of the classic text format, e.g. `rum_processor_spans_rejected_total{reason="malformed"}`; 0 when absent. */
  async metric(series: string): Promise<number> {
    const line = (await this.metrics()).split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  }

  httpJsonExporter(headers: Record<string, string> = {}): SpanExporter {
    return new HttpJsonTraceExporter({ url: this.tracesUrl, headers });
  }

  httpProtoExporter({ gzip = true, headers = {} }: { gzip?: boolean; headers?: Record<string, string> } = {}): SpanExporter {
    return new HttpProtoTraceExporter({ url: this.tracesUrl, headers, compression: gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE });
  }

  grpcExporter(): SpanExporter {
    return new GrpcTraceExporter({ url: `http://127.0.0.1:${this.service.grpcPort!}`, compression: CompressionAlgorithm.GZIP });
  }

  async stop(): Promise<void> {
    await this.service.shutdown();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
