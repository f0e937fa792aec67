import type { SessionResult, TrafficTotals } from './generator.js';

const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`);

/** One line: how far along, and the conversion rate of clean and frustrated sessions so far. */
export function progressLine(totals: TrafficTotals, limit: number | undefined): string {
  const done = limit === undefined ? `${totals.sessions}` : `${totals.sessions}/${limit}`;
  return `sessions ${done} · clean ${totals.clean.sessions} (converted ${percent(totals.clean.converted, totals.clean.sessions)}) · frustrated ${totals.frustrated.sessions} (converted ${percent(totals.frustrated.converted, totals.frustrated.sessions)})${totals.failed ? ` · ${totals.failed} broke off` : ''}`;
}

export function sessionLine(result: SessionResult): string {
  return `${result.journey}${result.converted ? ' → converted' : ''}${result.failure ? ` ✖ ${result.failure}` : ''}`;
}

/**
 * Progress on a terminal: the latest session and the running totals on one line that rewrites
 * itself. Elsewhere (logs, CI) a plain line per session.
 */
export class ProgressDisplay {
  constructor(
    private readonly limit: number | undefined,
    private readonly stream: NodeJS.WriteStream = process.stdout,
  ) {}

  update(result: SessionResult, totals: TrafficTotals): void {
    const line = `${progressLine(totals, this.limit)} · last: ${sessionLine(result)}`;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (this.stream.columns ?? 120) - 1))}`);
    else this.stream.write(`${line}\n`);
  }

  finish(totals: TrafficTotals): void {
    if (this.stream.isTTY) this.stream.write('\n');
    this.stream.write(`done: ${progressLine(totals, this.limit)}\n`);
  }
}
