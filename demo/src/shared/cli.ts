/** A numeric command-line option: `fallback` when absent, a clear error when not a number. */
export function numberOption(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new RangeError(`--${name} must be a number, got "${raw}"`);
  return value;
}

/** `90s`, `5m`, `1h` or plain milliseconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!match) throw new RangeError(`--duration must look like 90s, 5m or 1h, got "${raw}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unit;
}
