export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/**
 * Logs refused requests and dropped spans without letting a flood of bad input flood the log: the
 * first of each reason is logged, then at most one line per reason per interval with the count since.
 */
export class DropLog {
  private readonly lastLogged = new Map<string, { atMs: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  note(reason: string, message: string): void {
    const nowMs = this.now();
    const last = this.lastLogged.get(reason);
    if (last && nowMs - last.atMs < this.intervalMs) {
      last.suppressed++;
      return;
    }
    const suppressed = last?.suppressed ? ` (${last.suppressed} more since the last report)` : '';
    this.logger.warn(`otel-rum-processor: dropped (${reason}): ${message}${suppressed}`);
    this.lastLogged.set(reason, { atMs: nowMs, suppressed: 0 });
  }
}
