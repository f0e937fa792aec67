// Session summaries as OTLP log records, POSTed as OTLP/HTTP JSON to a logs endpoint (an OpenTelemetry
// Collector, Loki, Elastic…). A bounded queue keeps a slow or dead backend from growing the heap;
// transient failures are retried with exponential backoff; what is lost is counted.

import type { SessionSummary } from '../../model.js';
import { toExportLogsRequest } from './otlp-log-record.js';
import type { ExportFailureCounter, SummaryExporter } from './summary-exporter.js';

export interface OtlpHttpLogsExporterOptions {
  /** The full URL, e.g. `http://collector:4318/v1/logs`. */
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly failures: ExportFailureCounter;
  /** Summaries waiting at most; the oldest are dropped (and counted) beyond. Default 10,000. */
  readonly maxQueueSize?: number;
  /** Summaries per request. Default 512. */
  readonly maxBatchSize?: number;
  /** Tries per request, the first included. Default 5. */
  readonly maxAttempts?: number;
  /** Backoff before the first retry, doubled for each next one. Default 500 ms. */
  readonly initialBackoffMs?: number;
  /** Per request. Default 10 s. */
  readonly timeoutMs?: number;
  readonly clock?: () => number;
}

export const OTLP_HTTP_LOGS_EXPORTER = 'otlp_http_logs';

/** OTLP/HTTP says to retry these; anything else 4xx is a permanent rejection. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class OtlpHttpLogsExporter implements SummaryExporter {
  readonly name = OTLP_HTTP_LOGS_EXPORTER;
  private readonly queue: SessionSummary[] = [];
  private draining: Promise<void> | undefined;
  private stopped = false;
  private readonly maxQueueSize: number;
  private readonly maxBatchSize: number;
  private readonly maxAttempts: number;
  private readonly initialBackoffMs: number;
  private readonly timeoutMs: number;
  private readonly clock: () => number;

  constructor(private readonly options: OtlpHttpLogsExporterOptions) {
    this.maxQueueSize = options.maxQueueSize ?? 10_000;
    this.maxBatchSize = options.maxBatchSize ?? 512;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? Date.now;
  }

  export(summaries: readonly SessionSummary[]): void {
    if (summaries.length === 0) return;
    if (this.stopped) {
      this.options.failures.exportsFailed(this.name, summaries.length);
      return;
    }
    this.queue.push(...summaries);
    const overflow = this.queue.length - this.maxQueueSize;
    if (overflow > 0) {
      this.queue.splice(0, overflow);
      this.options.failures.exportsFailed(this.name, overflow);
    }
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async shutdown(): Promise<void> {
    await this.flush();
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      const failure = await this.send(batch);
      if (failure !== undefined) {
        console.error(`otel-rum-processor: ${batch.length} session summaries lost, OTLP logs export to ${this.options.endpoint} failed: ${failure}`);
        this.options.failures.exportsFailed(this.name, batch.length);
      }
    }
  }

  /** Undefined when the backend took the batch, else why it did not. */
  private async send(batch: readonly SessionSummary[]): Promise<string | undefined> {
    const body = JSON.stringify(toExportLogsRequest(batch, this.clock()));
    let failure = 'no attempt';
    let attempts = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      attempts = attempt;
      let retryable: boolean;
      try {
        const response = await fetch(this.options.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...this.options.headers },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        await response.arrayBuffer();
        if (response.ok) return undefined;
        failure = `HTTP ${response.status}`;
        retryable = RETRYABLE_STATUSES.has(response.status);
      } catch (error) {
        // Network errors and timeouts are worth another try.
        failure = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
        retryable = true;
      }
      if (!retryable) break;
      if (attempt < this.maxAttempts) await sleep(this.initialBackoffMs * 2 ** (attempt - 1));
    }
    return `${failure} (${attempts} attempt${attempts === 1 ? '' : 's'})`;
  }
}
