// Session summaries as JSON lines appended to a file: the embedded default, no backend needed.

import { appendFile } from 'node:fs/promises';
import { ATTR_EVENT_NAME, SESSION_SUMMARY_EVENT_NAME } from '@otel-rum/semconv';
import type { SessionSummary } from '../../model.js';
import type { ExportFailureCounter, SummaryExporter } from './summary-exporter.js';

export const JSON_LINES_FILE_EXPORTER = 'json_lines_file';

export class JsonLinesFileExporter implements SummaryExporter {
  readonly name = JSON_LINES_FILE_EXPORTER;
  /** Appends run one after the other, so lines keep their order and never interleave. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly failures: ExportFailureCounter,
  ) {}

  export(summaries: readonly SessionSummary[]): void {
    if (summaries.length === 0) return;
    let lines = '';
    for (const summary of summaries) lines += `${JSON.stringify({ [ATTR_EVENT_NAME]: SESSION_SUMMARY_EVENT_NAME, ...summary })}\n`;
    this.writes = this.writes.then(() =>
      appendFile(this.path, lines).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        console.error(`otel-rum-processor: ${summaries.length} session summaries lost, could not append to ${this.path}: ${reason}`);
        this.failures.exportsFailed(this.name, summaries.length);
      }),
    );
  }

  flush(): Promise<void> {
    return this.writes;
  }

  shutdown(): Promise<void> {
    return this.flush();
  }
}
