// @otel-rum/processor: RUM spans in, sessions, ratings, summaries and Prometheus metrics out.
//
// The data flows one way, in the OpenTelemetry Collector's vocabulary:
//
//   receivers     OTLP/HTTP POST /v1/traces (protobuf, JSON, gzip) and OTLP/gRPC TraceService/Export
//     │           limits: CORS per application, body and gunzip caps, rate limit per client,
//     │           trusted X-Forwarded-For, 4xx with {"error"} for whatever is refused
//   otlp          wire-level decoding to spans (attribute count and length limits)
//     │
//   pipeline      RUM checks (application known, session id, event type), clock-skew correction,
//     │           timestamp limits, then enrichment: user agent → browser/OS/device, bots, synthetic,
//     │           masked client address, page groups (folded, capped per application)
//   sessionizer   spans → open sessions; a tick every second ends the due ones (SPEC §3), rated (§4)
//     │
//   exporters     Prometheus /metrics (per batch and per ended session), session summaries as OTLP
//                 log records and/or JSON lines
//
// `startProcessor(config)` wires them; `ProcessorService` runs them and keeps open sessions across a
// restart (state saved on SIGTERM, restored at start).

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProcessorConfig } from './config/index.js';
import { JsonLinesFileExporter, OtlpHttpLogsExporter, RumMetrics, type SummaryExporter } from './exporters/index.js';
import type { Logger } from './limits/index.js';
import { ProcessorService } from './service.js';

export { ConfigError, loadConfig, parseConfig, type ApplicationConfig, type ProcessorConfig } from './config/index.js';
export { HttpReceiver, GrpcReceiver, TRACES_PATH, METRICS_PATH, HEALTH_PATH } from './receivers/index.js';
export { JsonTraceDecoder, ProtobufTraceDecoder, MalformedOtlp, type DecodedRequest } from './otlp/index.js';
export { IngestPipeline, type RequestContext } from './pipeline.js';
export { Sessionizer, type SessionizerSnapshot } from './sessionizer/index.js';
export { RumMetrics, JsonLinesFileExporter, OtlpHttpLogsExporter, type SummaryExporter } from './exporters/index.js';
export { ProcessorService, type ServiceDependencies } from './service.js';
export type { AppSettings, ClientInfo, RumSpan, SessionSummary } from './model.js';
export { defaultAppSettings } from './model.js';

/** The exporters a config asks for, reporting failures to the metrics. */
export function createSummaryExporters(config: ProcessorConfig, metrics: RumMetrics): SummaryExporter[] {
  const exporters: SummaryExporter[] = [];
  const { jsonLines, otlpLogs } = config.exporters;
  if (jsonLines) {
    mkdirSync(dirname(jsonLines.path), { recursive: true });
    exporters.push(new JsonLinesFileExporter(jsonLines.path, metrics, jsonLines.rotation));
  }
  if (otlpLogs) {
    exporters.push(new OtlpHttpLogsExporter({ endpoint: otlpLogs.endpoint, headers: otlpLogs.headers, timeoutMs: otlpLogs.timeoutSeconds * 1000, failures: metrics }));
  }
  return exporters;
}

/** Starts a processor for a validated config: metrics, summary exporters, receivers, the session tick. */
export function startProcessor(config: ProcessorConfig, options: { clock?: () => number; logger?: Logger } = {}): Promise<ProcessorService> {
  const metrics = new RumMetrics();
  return ProcessorService.start(config, { metrics, summaryExporters: createSummaryExporters(config, metrics), ...options });
}
