import { diag, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { nativeClearTimeout, nativeSetTimeout } from '../core/timers.js';
import { encodeSpans } from './otlp-json.js';

export interface TransportOptions {
  endpoint: string;
  headers: Record<string, string>;
  batchDelayMs: number;
  maxQueueSize: number;
  retryDelayMs: number;
}

const MAX_SPANS_PER_REQUEST = 100;
/** Browsers refuse keepalive requests (and beacons) whose bodies sum past 64 KiB. */
const KEEPALIVE_BODY_LIMIT = 60_000;
const MAX_RETRY_DELAY_MS = 60_000;
/** Browsers that ignore `keepalive` (Firefox before 133) cancel a page's fetches when it unloads; a beacon survives. */
const KEEPALIVE_SUPPORTED = typeof Request !== 'undefined' && 'keepalive' in Request.prototype;

/** Spans the SDK started but decided not to send (an interaction that triggered no request). */
export const discardedSpans = new WeakSet<object>();

/**
 * Batches ended spans and posts them as OTLP/HTTP JSON. The queue is bounded: while the endpoint
 * is unreachable the oldest spans are dropped (and counted) so a long outage costs no more memory
 * than `maxQueueSize` spans. Failed batches go back to the queue and are retried with exponential
 * backoff. `flushForPageHide` sends everything at once with `keepalive` (with `sendBeacon` instead
 * in browsers without keepalive, when no custom headers are needed).
 */
export class SpanTransport implements SpanProcessor {
  private readonly queue: ReadableSpan[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = 0;
  private failures = 0;
  /** No timer-driven send before this (epoch ms): the backoff after a failure. */
  private retryAt = 0;
  /** Spans lost to a full queue or a rejected batch since the page loaded. */
  private dropped = 0;
  /**
   * Spans of a request that failed without an answer. Such a request may still have arrived: a
   * keepalive fetch in flight when the user navigates away is delivered, yet its promise rejects
   * ("Failed to fetch"). They wait for the backoff retry and are left out of page-hide flushes, or
   * a reload would deliver them twice.
   */
  private readonly unanswered = new WeakSet<ReadableSpan>();
  private readonly fetch = globalThis.fetch.bind(globalThis);

  constructor(private readonly options: TransportOptions) {}

  onStart(_span: Span): void {}

  onEnd(span: ReadableSpan): void {
    if (!(span.spanContext().traceFlags & TraceFlags.SAMPLED) || discardedSpans.has(span)) return;
    this.enqueue([span]);
    this.schedule(this.options.batchDelayMs);
  }

  async forceFlush(): Promise<void> {
    await this.sendAll(false);
  }

  async shutdown(): Promise<void> {
    await this.sendAll(false);
  }

  /** Sends everything queued right now, as requests that outlive the page. */
  flushForPageHide(): void {
    void this.sendAll(true);
  }

  private enqueue(spans: ReadableSpan[], atFront = false): void {
    if (atFront) this.queue.unshift(...spans);
    else this.queue.push(...spans);
    const excess = this.queue.length - this.options.maxQueueSize;
    if (excess > 0) {
      this.queue.splice(0, excess);
      this.dropped += excess;
      diag.warn(`otel-rum: export queue full, dropped ${excess} span(s) (${this.dropped} so far)`);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    delayMs = Math.max(delayMs, this.retryAt - Date.now());
    this.timer = nativeSetTimeout(() => {
      this.timer = undefined;
      // One request at a time on the timer path: an endpoint that is down sees one probe, not a storm.
      if (this.inFlight === 0) void this.sendBatch(this.queue.splice(0, MAX_SPANS_PER_REQUEST), false);
    }, delayMs);
  }

  private sendAll(leaving: boolean): Promise<void> {
    nativeClearTimeout(this.timer);
    this.timer = undefined;
    const ready = leaving ? this.queue.filter((span) => !this.unanswered.has(span)) : [...this.queue];
    const waiting = leaving ? this.queue.filter((span) => this.unanswered.has(span)) : [];
    this.queue.splice(0, this.queue.length, ...waiting);
    const sends: Promise<void>[] = [];
    while (ready.length) sends.push(this.sendBatch(ready.splice(0, MAX_SPANS_PER_REQUEST), leaving));
    this.schedule(0);
    return Promise.all(sends).then(() => undefined);
  }

  private async sendBatch(batch: ReadableSpan[], leaving: boolean): Promise<void> {
    if (batch.length === 0) return;
    const body = encodeSpans(batch);
    if (leaving && !KEEPALIVE_SUPPORTED && this.beacon(body)) return;
    const keepalive = body.length <= KEEPALIVE_BODY_LIMIT;
    this.inFlight++;
    let status = 0;
    try {
      const response = await this.fetch(this.options.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.options.headers },
        body,
        keepalive,
        credentials: 'omit',
      });
      status = response.status;
    } catch (error) {
      diag.warn('otel-rum: export failed', error);
      for (const span of batch) this.unanswered.add(span);
    } finally {
      this.inFlight--;
    }
    if (status >= 200 && status < 300) {
      this.failures = 0;
      this.retryAt = 0;
      this.schedule(0);
      return;
    }
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      // The endpoint rejected the data itself: sending it again cannot help.
      this.dropped += batch.length;
      diag.warn(`otel-rum: endpoint rejected ${batch.length} span(s) with HTTP ${status}`);
      this.schedule(0);
      return;
    }
    this.enqueue(batch, true);
    this.failures++;
    this.retryAt = Date.now() + Math.min(this.options.retryDelayMs * 2 ** (this.failures - 1), MAX_RETRY_DELAY_MS);
    this.schedule(0);
  }

  private beacon(body: string): boolean {
    if (Object.keys(this.options.headers).length > 0 || typeof navigator.sendBeacon !== 'function') return false;
    return navigator.sendBeacon(this.options.endpoint, new Blob([body], { type: 'application/json' }));
  }
}
