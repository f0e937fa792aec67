/** A numeric command-line option: `fallback` when absent, a clear error when not a number. */
export function numberOption(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new RangeError(`--${name} must be a number, got "${raw}"`);
  return value;
}
