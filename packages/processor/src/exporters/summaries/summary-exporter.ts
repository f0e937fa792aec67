import type { SessionSummary } from '../../model.js';

/** Where session summaries go. `export` never blocks ingest: exporters queue and send on their own. */
export interface SummaryExporter {
  /** The `exporter` label of `rum_processor_exports_failed_total`. */
  readonly name: string;
  export(summaries: readonly SessionSummary[]): void;
  /** Resolves when everything exported so far was delivered or given up on. */
  flush(): Promise<void>;
  /** Flushes and stops. */
  shutdown(): Promise<void>;
}

/** The part of the processor's health an exporter reports to. */
export interface ExportFailureCounter {
  exportsFailed(exporter: string, count?: number): void;
}
