export {
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  RumMetrics,
  type MetricsPage,
  type ProcessorHealth,
} from './prometheus/rum-metrics.js';
export { DEFAULT_JSON_LINES_ROTATION, JSON_LINES_FILE_EXPORTER, JsonLinesFileExporter, type JsonLinesRotation } from './summaries/json-lines-file-exporter.js';
export { OTLP_HTTP_LOGS_EXPORTER, OtlpHttpLogsExporter, type OtlpHttpLogsExporterOptions } from './summaries/otlp-http-logs-exporter.js';
export { toExportLogsRequest, toOtlpLogRecord, type OtlpLogRecord } from './summaries/otlp-log-record.js';
export type { ExportFailureCounter, SummaryExporter } from './summaries/summary-exporter.js';
