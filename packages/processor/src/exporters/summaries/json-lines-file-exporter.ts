// Session summaries as JSON lines appended to a file: the embedded default, no backend needed. The
// file is rotated by size, as the Collector's file exporter does, so a processor left running for
// months does not fill its disk.

import { appendFile, rename, rm, stat } from 'node:fs/promises';
import { ATTR_EVENT_NAME, SESSION_SUMMARY_EVENT_NAME } from '@otel-rum/semconv';
import type { SessionSummary } from '../../model.js';
import type { ExportFailureCounter, SummaryExporter } from './summary-exporter.js';

export const JSON_LINES_FILE_EXPORTER = 'json_lines_file';

export interface JsonLinesRotation {
  /** A write that would take the file past this size first moves it to `<path>.1`. */
  readonly maxBytes: number;
  /** How many rotated files (`<path>.1` newest … `<path>.N` oldest) are kept; 0 keeps none. */
  readonly maxBackups: number;
}

export const DEFAULT_JSON_LINES_ROTATION: JsonLinesRotation = { maxBytes: 100 * 1024 * 1024, maxBackups: 3 };

const isMissingFile = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

export class JsonLinesFileExporter implements SummaryExporter {
  readonly name = JSON_LINES_FILE_EXPORTER;
  /** Appends run one after the other, so lines keep their order and never interleave. */
  private writes: Promise<void> = Promise.resolve();
  /** The file's size as of the last write; read from disk before the first one (or after a failure). */
  private size: number | undefined = undefined;

  constructor(
    private readonly path: string,
    private readonly failures: ExportFailureCounter,
    private readonly rotation: JsonLinesRotation = DEFAULT_JSON_LINES_ROTATION,
  ) {}

  export(summaries: readonly SessionSummary[]): void {
    if (summaries.length === 0) return;
    let lines = '';
    for (const summary of summaries) lines += `${JSON.stringify({ [ATTR_EVENT_NAME]: SESSION_SUMMARY_EVENT_NAME, ...summary })}\n`;
    this.writes = this.writes.then(() =>
      this.append(lines).catch((error: unknown) => {
        this.size = undefined;
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

  private async append(lines: string): Promise<void> {
    const bytes = Buffer.byteLength(lines);
    this.size ??= await stat(this.path).then(
      (file) => file.size,
      (error: unknown) => {
        if (isMissingFile(error)) return 0;
        throw error;
      },
    );
    if (this.size > 0 && this.size + bytes > this.rotation.maxBytes) {
      await this.rotate();
      this.size = 0;
    }
    await appendFile(this.path, lines);
    this.size += bytes;
  }

  /** `<path>.N-1` → `<path>.N` … `<path>` → `<path>.1`; a rename onto the oldest backup replaces it. */
  private async rotate(): Promise<void> {
    const { maxBackups } = this.rotation;
    if (maxBackups === 0) {
      await rm(this.path, { force: true });
      return;
    }
    for (let backup = maxBackups - 1; backup >= 1; backup--) {
      await rename(`${this.path}.${backup}`, `${this.path}.${backup + 1}`).catch((error: unknown) => {
        if (!isMissingFile(error)) throw error;
      });
    }
    await rename(this.path, `${this.path}.1`);
  }
}
