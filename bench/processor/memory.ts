// Heap bytes per open session: N sessions opened through the real ingest pipeline (RUM checks,
// enrichment, one client description per page load, each from its own client address) into the sessionizer, measured after a full GC,
// with the longest GC pause seen while filling. Metrics are left out: their size follows label
// combinations, not sessions. Run with --expose-gc. Prints JSON.

import { PerformanceObserver } from 'node:perf_hooks';
import { IngestPipeline, parseConfig, Sessionizer, type DecodedRequest } from '@otel-rum/processor';
import { BENCH_APPLICATION_ID } from './payloads.js';

const sessions = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

let longestGcPauseMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longestGcPauseMs = Math.max(longestGcPauseMs, entry.duration);
});

const config = parseConfig({ applications: [{ id: BENCH_APPLICATION_ID }] }, process.cwd());
const sessionizer = new Sessionizer({ clock: Date.now, settingsFor: () => config.applications[0]!.settings });
const pipeline = new IngestPipeline(config, {
  ingestSpans: (spans) => sessionizer.ingest(spans),
  recordSpans: () => {},
  spansReceived: () => {},
  spansRejected: () => {},
  attributesLimited: () => {},
});

const hex = (value: number, length: number): string => value.toString(16).padStart(length, '0');
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const PAGES = ['/', '/products', '/product/4711', '/cart', '/checkout'];

function batch(first: number, count: number, nowMs: number): DecodedRequest {
  const resources = [];
  for (let index = first; index < first + count; index++) {
    const sessionId = hex(index, 32);
    const url = `https://shop.example.com${PAGES[index % PAGES.length]!}`;
    const base = { 'dt.rum.session.id': sessionId, 'session.id': sessionId, 'url.full': url };
    const span = (eventType: string, offsetMs: number, durationMs: number, attributes: Record<string, string | number>) => ({
      traceId: hex(index, 32),
      spanId: hex(index * 4 + offsetMs, 16),
      parentSpanId: '',
      name: eventType,
      startTimeMs: nowMs - 1000 + offsetMs,
      endTimeMs: nowMs - 1000 + offsetMs + durationMs,
      statusError: false,
      attributes: { ...base, 'dt.rum.event.type': eventType, ...attributes },
    });
    resources.push({
      attributes: {
        'service.name': 'shop-frontend',
        'dt.rum.application.id': BENCH_APPLICATION_ID,
        'dt.rum.instance.id': hex(index, 16),
        'user_agent.original': USER_AGENT,
        'browser.language': 'en-US',
        'dt.rum.browser.window.width': 1440,
        'dt.rum.browser.window.height': 900,
        'dt.rum.screen.width': 2560,
        'dt.rum.screen.height': 1440,
        // A Collector forwards the batch and notes each client; every session its own /24 (no sharing).
        'client.address': `${(index >>> 16) & 255}.${(index >>> 8) & 255}.${index & 255}.77`,
      },
      spans: [
        span('user_action', 0, 900, { 'dt.rum.action.type': 'load', 'dt.rum.action.name': 'loading of page /' }),
        span('request', 100, 200, { 'http.request.method': 'GET', 'http.response.status_code': 200 }),
        span('web_vital', 950, 0, { 'browser.web_vital.name': 'lcp', 'browser.web_vital.value': 850 }),
      ],
    });
  }
  return { resources, spanCount: count * 3, droppedAttributes: 0, truncatedValues: 0 };
}

const context = { transport: 'grpc', clientAddress: '10.0.0.2', viaCollector: true, receivedMs: Date.now() };
gc();
const before = process.memoryUsage().heapUsed;
// Only the collections the fill causes count as pauses, not the forced ones around it.
gcObserver.observe({ entryTypes: ['gc'] });
const PER_BATCH = 170;
for (let first = 0; first < sessions; first += PER_BATCH) pipeline.ingest(batch(first, Math.min(PER_BATCH, sessions - first), context.receivedMs), context);
await new Promise((resolve) => setTimeout(resolve, 100));
gcObserver.disconnect();
gc();
gc();
const after = process.memoryUsage().heapUsed;
if (sessionizer.openSessions !== sessions) throw new Error(`expected ${sessions} open sessions, have ${sessionizer.openSessions}`);
console.log(JSON.stringify({ sessions, bytesPerSession: (after - before) / sessions, longestGcPauseMs }));
