import { parseDuration } from './duration.js';

export interface ConfigIssue {
  /** Where in the document, as `monitors[1].requests[0].assert.status`. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`invalid synthetic config ${source}:\n${issues.map((issue) => `  ${issue.path || '(top level)'}: ${issue.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : JSON.stringify(value));

/**
 * Reads one YAML mapping, collecting every problem instead of stopping at the first, and rejecting
 * keys it does not know so that a typo is named rather than silently ignored.
 */
export class MappingReader {
  private readonly seen = new Set<string>();

  private constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    readonly path: string,
    private readonly issues: ConfigIssue[],
  ) {}

  /** Undefined (with an issue recorded) when `value` is not a mapping. */
  static of(value: unknown, path: string, issues: ConfigIssue[]): MappingReader | undefined {
    if (value === undefined || value === null) return new MappingReader({}, path, issues);
    if (typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ path, message: `expected a mapping, got ${describe(value)}` });
      return undefined;
    }
    return new MappingReader(value as Record<string, unknown>, path, issues);
  }

  child(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  raw(key: string): unknown {
    this.seen.add(key);
    return this.values[key];
  }

  fail(key: string, message: string): void {
    this.issues.push({ path: this.child(key), message });
  }

  string(key: string, options: { required: true; pattern?: RegExp; hint?: string }): string;
  string(key: string, options?: { required?: false; pattern?: RegExp; hint?: string }): string | undefined;
  string(key: string, { required = false, pattern, hint }: { required?: boolean; pattern?: RegExp; hint?: string } = {}): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) {
      if (required) this.fail(key, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value.length === 0) {
      this.fail(key, `expected a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    if (pattern && !pattern.test(value)) {
      this.fail(key, `${JSON.stringify(value)} is not valid${hint ? ` (${hint})` : ''}`);
      return undefined;
    }
    return value;
  }

  integer(key: string, { min, max }: { min: number; max: number }): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, `expected a whole number from ${min} to ${max}, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.fail(key, `expected true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  duration(key: string, { minMs = 0 }: { minMs?: number } = {}): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const ms = parseDuration(value);
    if (ms === undefined || ms < minMs) {
      this.fail(key, `expected a duration such as "500ms", "30s" or "5m"${minMs ? ` of at least ${minMs} ms` : ''}, got ${describe(value)}`);
      return undefined;
    }
    return ms;
  }

  stringMap(key: string): Record<string, string> {
    const reader = MappingReader.of(this.raw(key), this.child(key), this.issues);
    const out: Record<string, string> = {};
    if (!reader) return out;
    for (const name of reader.keys()) {
      const value = reader.raw(name);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
      else reader.fail(name, `expected a string, got ${describe(value)}`);
    }
    return out;
  }

  stringList(key: string): string[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    list.forEach((item, index) => {
      if (typeof item === 'string' && item.length > 0) out.push(item);
      else this.issues.push({ path: `${this.child(key)}[${index}]`, message: `expected a non-empty string, got ${describe(item)}` });
    });
    return out;
  }

  list(key: string, { required = false }: { required?: boolean } = {}): { value: unknown; path: string }[] {
    const value = this.raw(key);
    if (value === undefined || value === null) {
      if (required) this.fail(key, 'is required');
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(key, `expected a list, got ${describe(value)}`);
      return [];
    }
    if (required && value.length === 0) this.fail(key, 'must not be empty');
    return value.map((item, index) => ({ value: item, path: `${this.child(key)}[${index}]` }));
  }

  mapping(key: string): MappingReader | undefined {
    return MappingReader.of(this.raw(key), this.child(key), this.issues);
  }

  keys(): string[] {
    return Object.keys(this.values);
  }

  /** Call after reading every key this mapping may have: names the ones nobody read. */
  rejectUnknownKeys(): void {
    for (const key of Object.keys(this.values)) {
      if (!this.seen.has(key)) this.fail(key, `unknown key (expected one of: ${[...this.seen].join(', ')})`);
    }
  }
}
