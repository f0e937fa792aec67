// A small reader for untrusted YAML: each accessor checks one key, records a message that names the
// key's full path (`applications[0].apdex.toleratingSeconds: must be a number > 0`) and returns a
// usable default, so one run reports every mistake, not just the first.

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

type Json = Record<string, unknown>;

export class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list);
  }
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One YAML mapping at `path`. Keys it is not asked for are reported as unknown (typos). */
export class Section {
  private readonly read = new Set<string>();
  private readonly values: Json;

  constructor(
    value: unknown,
    readonly path: string,
    private readonly problems: Problems,
  ) {
    if (value === undefined || value === null) this.values = {};
    else if (isObject(value)) this.values = value;
    else {
      problems.add(path || '(top level)', 'must be a mapping');
      this.values = {};
    }
  }

  private keyPath(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  private raw(key: string): unknown {
    this.read.add(key);
    const value = this.values[key];
    return value === null ? undefined : value;
  }

  section(key: string): Section {
    return new Section(this.raw(key), this.keyPath(key), this.problems);
  }

  /** A list of mappings, each as a Section at `key[i]`. */
  sections(key: string): Section[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problems.add(this.keyPath(key), 'must be a list');
      return [];
    }
    return value.map((item, index) => new Section(item, `${this.keyPath(key)}[${index}]`, this.problems));
  }

  number(key: string, fallback: number, { min = 0, exclusiveMin = true, integer = false, max = Infinity } = {}): number {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const bound = `${exclusiveMin ? '>' : '≥'} ${min}${max < Infinity ? ` and ≤ ${max}` : ''}`;
    const ok = typeof value === 'number' && Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max && (!integer || Number.isInteger(value));
    if (!ok) {
      this.problems.add(this.keyPath(key), `must be ${integer ? 'an integer' : 'a number'} ${bound}`);
      return fallback;
    }
    return value as number;
  }

  optionalNumber(key: string, options: { min?: number; exclusiveMin?: boolean; integer?: boolean; max?: number } = {}): number | undefined {
    if (this.has(key)) return this.number(key, NaN, options);
    this.raw(key);
    return undefined;
  }

  string(key: string, fallback: string, { nonEmpty = true } = {}): string {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || (nonEmpty && value.trim() === '')) {
      this.problems.add(this.keyPath(key), nonEmpty ? 'must be a non-empty string' : 'must be a string');
      return fallback;
    }
    return value;
  }

  optionalString(key: string): string | undefined {
    if (this.has(key)) return this.string(key, '');
    this.raw(key);
    return undefined;
  }

  requiredString(key: string): string {
    if (!this.has(key)) {
      this.raw(key);
      this.problems.add(this.keyPath(key), 'is required');
      return '';
    }
    return this.string(key, '');
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.problems.add(this.keyPath(key), 'must be true or false');
      return fallback;
    }
    return value;
  }

  strings(key: string, fallback: readonly string[], check?: (item: string) => string | undefined): string[] {
    const value = this.raw(key);
    if (value === undefined) return [...fallback];
    if (!Array.isArray(value)) {
      this.problems.add(this.keyPath(key), 'must be a list of strings');
      return [...fallback];
    }
    const result: string[] = [];
    value.forEach((item, index) => {
      const itemPath = `${this.keyPath(key)}[${index}]`;
      if (typeof item !== 'string' || item === '') this.problems.add(itemPath, 'must be a non-empty string');
      else {
        const problem = check?.(item);
        if (problem) this.problems.add(itemPath, problem);
        else result.push(item);
      }
    });
    return result;
  }

  /** A mapping of string to string (HTTP headers). */
  stringMap(key: string): Record<string, string> {
    const section = this.section(key);
    const result: Record<string, string> = {};
    for (const name of section.keys()) result[name] = section.string(name, '', { nonEmpty: false });
    return result;
  }

  keys(): string[] {
    return Object.keys(this.values);
  }

  /** A regular expression given as a string. */
  pattern(key: string): RegExp | undefined {
    const source = this.requiredString(key);
    if (!source) return undefined;
    try {
      return new RegExp(source);
    } catch (error) {
      this.problems.add(this.keyPath(key), `must be a regular expression: ${(error as Error).message}`);
      return undefined;
    }
  }

  problem(key: string, message: string): void {
    this.problems.add(this.keyPath(key), message);
  }

  /** Reports keys present in the YAML that nothing read. Call after reading the section. */
  rejectUnknownKeys(): void {
    for (const key of Object.keys(this.values)) {
      if (!this.read.has(key)) this.problems.add(this.keyPath(key), 'unknown key');
    }
  }
}
