import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MONITOR_TYPES, MonitorType } from '@otel-rum/semconv';
import { parse as parseYaml } from 'yaml';
import { ConfigError, MappingReader, type ConfigIssue } from './reader.js';
import { stepsFromRecording } from './recording.js';
import type {
  BrowserConfig, ClickpathAction, ClickpathStep, HttpAssertions, HttpRequestStep, JsonAssertion, JsonValue, Monitor,
  OutageRule, StatusMatcher, SyntheticConfig, VaultConfig,
} from './types.js';

/** Monitor ids and location names become metric labels and URL path segments. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ID_HINT = 'letters, digits, ".", "_" and "-", at most 64';
const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const JSON_PATH_PATTERN = /^\$(\.[A-Za-z_$][\w$-]*|\[\d+\])*$/;
const CLICKPATH_ACTIONS = ['navigate', 'click', 'type', 'press', 'waitFor', 'assertText'] as const;

export const DEFAULT_CHROMIUM_ARGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

const DEFAULTS = {
  location: 'default',
  serviceName: 'otel-rum-synthetic',
  apiHost: '127.0.0.1',
  apiPort: 9466,
  vaultKeyEnv: 'OTEL_RUM_VAULT_KEY',
  frequencyMs: 5 * 60_000,
  timeoutMs: 30_000,
  consecutiveFailures: 2,
  browserMaxConcurrent: 1,
};

interface MonitorDefaults {
  frequencyMs: number;
  timeoutMs: number;
  outage: OutageRule;
}

export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<SyntheticConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return parseConfig(text, { source: file, baseDir: dirname(resolve(file)), env });
}

/** Validates a YAML config; throws a {@link ConfigError} naming every bad key. */
export function parseConfig(text: string, { source = '<inline>', baseDir = process.cwd(), env = process.env }: { source?: string; baseDir?: string; env?: NodeJS.ProcessEnv } = {}): SyntheticConfig {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(source, [{ path: '', message: `not valid YAML: ${(error as Error).message}` }]);
  }
  const issues: ConfigIssue[] = [];
  const root = MappingReader.of(document, '', issues);
  if (!root) throw new ConfigError(source, issues);

  const location = root.string('location', { pattern: ID_PATTERN, hint: ID_HINT }) ?? DEFAULTS.location;

  const telemetryReader = root.mapping('telemetry');
  const telemetry = {
    serviceName: telemetryReader?.string('serviceName') ?? DEFAULTS.serviceName,
    tracesEndpoint: telemetryReader?.string('tracesEndpoint', { pattern: /^https?:\/\//, hint: 'an http(s) URL' }),
    headers: telemetryReader?.stringMap('headers') ?? {},
  };
  telemetryReader?.rejectUnknownKeys();

  const apiReader = root.mapping('api');
  const tokenEnv = apiReader?.string('tokenEnv', { pattern: ENV_NAME_PATTERN, hint: 'an environment variable name' });
  const api = {
    host: apiReader?.string('host') ?? DEFAULTS.apiHost,
    port: apiReader?.integer('port', { min: 0, max: 65_535 }) ?? DEFAULTS.apiPort,
    ...(tokenEnv ? { tokenEnv } : {}),
  };
  apiReader?.rejectUnknownKeys();

  let vault: VaultConfig | undefined;
  const vaultReader = root.mapping('vault');
  if (vaultReader && root.has('vault')) {
    const path = vaultReader.string('path', { required: true });
    const keyEnv = vaultReader.string('keyEnv', { pattern: ENV_NAME_PATTERN, hint: 'an environment variable name' }) ?? DEFAULTS.vaultKeyEnv;
    vaultReader.rejectUnknownKeys();
    if (path) vault = { path: resolve(baseDir, path), keyEnv };
  }

  const browser = readBrowser(root, env);

  const defaultsReader = root.mapping('defaults');
  const defaults: MonitorDefaults = {
    frequencyMs: defaultsReader?.duration('frequency', { minMs: 100 }) ?? DEFAULTS.frequencyMs,
    timeoutMs: defaultsReader?.duration('timeout', { minMs: 1 }) ?? DEFAULTS.timeoutMs,
    outage: readOutage(defaultsReader, { consecutiveFailures: DEFAULTS.consecutiveFailures }),
  };
  defaultsReader?.rejectUnknownKeys();

  const monitors: Monitor[] = [];
  const ids = new Set<string>();
  for (const { value, path } of root.list('monitors', { required: true })) {
    const monitor = readMonitor(value, path, issues, { ...defaults, location }, baseDir);
    if (!monitor) continue;
    if (ids.has(monitor.id)) issues.push({ path: `${path}.id`, message: `duplicate monitor id ${JSON.stringify(monitor.id)}` });
    ids.add(monitor.id);
    monitors.push(monitor);
  }
  root.rejectUnknownKeys();

  if (issues.length > 0) throw new ConfigError(source, issues);
  return { location, telemetry, api, ...(vault ? { vault } : {}), browser, monitors };
}

function readBrowser(root: MappingReader, env: NodeJS.ProcessEnv): BrowserConfig {
  const reader = root.mapping('browser');
  const args = reader?.has('args') ? reader.stringList('args') : DEFAULT_CHROMIUM_ARGS;
  const config = {
    executablePath: reader?.string('executablePath') ?? env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args,
    maxConcurrent: reader?.integer('maxConcurrent', { min: 1, max: 16 }) ?? DEFAULTS.browserMaxConcurrent,
  };
  reader?.rejectUnknownKeys();
  return config;
}

function readOutage(parent: MappingReader | undefined, fallback: OutageRule): OutageRule {
  const reader = parent?.mapping('outage');
  const consecutiveFailures = reader?.integer('consecutiveFailures', { min: 1, max: 1000 }) ?? fallback.consecutiveFailures;
  reader?.rejectUnknownKeys();
  return { consecutiveFailures };
}

function readMonitor(value: unknown, path: string, issues: ConfigIssue[], defaults: MonitorDefaults & { location: string }, baseDir: string): Monitor | undefined {
  const reader = MappingReader.of(value, path, issues);
  if (!reader) return undefined;
  const id = reader.string('id', { required: true, pattern: ID_PATTERN, hint: ID_HINT });
  const type = reader.string('type', { required: true });
  if (type !== undefined && !(MONITOR_TYPES as readonly string[]).includes(type)) {
    reader.fail('type', `${JSON.stringify(type)} is not a monitor type (expected one of: ${MONITOR_TYPES.join(', ')})`);
  }
  const timeoutMs = reader.duration('timeout', { minMs: 1 }) ?? defaults.timeoutMs;
  const thresholdMs = reader.duration('threshold', { minMs: 1 });
  const base = {
    id: id ?? '',
    name: reader.string('name') ?? id ?? '',
    enabled: reader.boolean('enabled') ?? true,
    frequencyMs: reader.duration('frequency', { minMs: 100 }) ?? defaults.frequencyMs,
    location: reader.string('location', { pattern: ID_PATTERN, hint: ID_HINT }) ?? defaults.location,
    ...(thresholdMs !== undefined ? { thresholdMs } : {}),
    outage: readOutage(reader, defaults.outage),
  };

  let monitor: Monitor | undefined;
  if (type === MonitorType.HTTP) {
    const requests = reader.list('requests', { required: true }).map((item) => readHttpRequest(item.value, item.path, issues, timeoutMs));
    if (requests.every((request) => request !== undefined)) monitor = { ...base, type, requests };
  } else if (type === MonitorType.CLICKPATH) {
    const recorded = reader.has('recording') ? readRecording(reader, baseDir, issues, timeoutMs) : [];
    const steps = reader.list('steps', { required: !reader.has('recording') }).map((item) => readClickpathStep(item.value, item.path, issues, timeoutMs));
    if (steps.every((step) => step !== undefined)) monitor = { ...base, type, steps: [...recorded, ...steps] };
  } else if (type === MonitorType.BROWSER) {
    monitor = { ...base, type, steps: readBrowserSteps(reader, timeoutMs) };
  }
  reader.rejectUnknownKeys();
  return id && monitor ? monitor : undefined;
}

/** `recording:` a Chrome DevTools Recorder export (relative to the config file), run before any `steps`. */
function readRecording(reader: MappingReader, baseDir: string, issues: ConfigIssue[], timeoutMs: number): ClickpathStep[] {
  const file = reader.string('recording');
  if (!file) return [];
  let recording: unknown;
  try {
    recording = JSON.parse(readFileSync(resolve(baseDir, file), 'utf8'));
  } catch (error) {
    reader.fail('recording', `cannot read ${file}: ${(error as Error).message}`);
    return [];
  }
  return stepsFromRecording(recording, reader.child('recording'), issues, timeoutMs, defaultStepName);
}

/** A browser monitor is a page load and its optional checks, run as clickpath steps. */
function readBrowserSteps(reader: MappingReader, timeoutMs: number): ClickpathStep[] {
  const url = reader.string('url', { required: true, pattern: /^https?:\/\//, hint: 'an http(s) URL' }) ?? '';
  const loadThresholdMs = reader.duration('loadThreshold', { minMs: 1 });
  const steps: ClickpathStep[] = [{ name: 'load page', action: { kind: 'navigate', url }, timeoutMs, ...(loadThresholdMs !== undefined ? { thresholdMs: loadThresholdMs } : {}) }];
  const waitFor = reader.string('waitFor');
  if (waitFor) steps.push({ name: `wait for ${waitFor}`, action: { kind: 'waitFor', selector: waitFor }, timeoutMs });
  const textContains = reader.string('textContains');
  if (textContains) steps.push({ name: 'page text', action: { kind: 'assertText', selector: 'body', contains: textContains }, timeoutMs });
  return steps;
}

function readHttpRequest(value: unknown, path: string, issues: ConfigIssue[], defaultTimeoutMs: number): HttpRequestStep | undefined {
  const reader = MappingReader.of(value, path, issues);
  if (!reader) return undefined;
  const url = reader.string('url', { required: true, pattern: /^(https?:\/\/|\{\{vault:)/, hint: 'an http(s) URL' });
  const method = (reader.string('method') ?? 'GET').toUpperCase();
  if (!HTTP_METHODS.includes(method)) reader.fail('method', `${JSON.stringify(method)} is not one of ${HTTP_METHODS.join(', ')}`);
  const headers = reader.stringMap('headers');
  const text = reader.string('body');
  const json = reader.raw('json') as JsonValue | undefined;
  const body = json !== undefined ? { json } : text !== undefined ? { text } : undefined;
  if (json !== undefined) {
    if (text !== undefined) reader.fail('json', 'give either body or json, not both');
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const thresholdMs = reader.duration('threshold', { minMs: 1 });
  const timeoutMs = reader.duration('timeout', { minMs: 1 }) ?? defaultTimeoutMs;
  const assert = readHttpAssertions(reader.mapping('assert'), issues);
  const name = reader.string('name') ?? `${method} ${url ?? ''}`;
  reader.rejectUnknownKeys();
  if (!url || !assert) return undefined;
  return { name, method, url, headers, ...(body !== undefined ? { body } : {}), ...(thresholdMs !== undefined ? { thresholdMs } : {}), timeoutMs, assert };
}

function readHttpAssertions(reader: MappingReader | undefined, issues: ConfigIssue[]): HttpAssertions | undefined {
  if (!reader) return undefined;
  const status = readStatus(reader);
  const bodyContains = reader.stringList('bodyContains');
  const json: JsonAssertion[] = [];
  for (const item of reader.list('json')) {
    const entry = MappingReader.of(item.value, item.path, issues);
    if (!entry) continue;
    const jsonPath = entry.string('path', { required: true, pattern: JSON_PATH_PATTERN, hint: 'a JSON path such as "$.items[0].name"' });
    const hasEquals = entry.has('equals');
    const equals = entry.raw('equals') as JsonValue | undefined;
    entry.rejectUnknownKeys();
    if (jsonPath) json.push(hasEquals ? { path: jsonPath, equals: equals ?? null } : { path: jsonPath });
  }
  reader.rejectUnknownKeys();
  return status ? { status, bodyContains, json } : undefined;
}

function readStatus(reader: MappingReader): StatusMatcher | undefined {
  const value = reader.raw('status') ?? '2xx';
  const items = Array.isArray(value) ? value : [value];
  const codes: number[] = [];
  const classes: number[] = [];
  for (const item of items) {
    if (typeof item === 'number' && Number.isInteger(item) && item >= 100 && item <= 599) codes.push(item);
    else if (typeof item === 'string' && /^[1-5]xx$/.test(item)) classes.push(Number(item[0]));
    else {
      reader.fail('status', `expected a status code (200), a class ("2xx") or a list of them, got ${JSON.stringify(item)}`);
      return undefined;
    }
  }
  return { codes, classes, text: items.map(String).join(', ') };
}

function readClickpathStep(value: unknown, path: string, issues: ConfigIssue[], defaultTimeoutMs: number): ClickpathStep | undefined {
  const reader = MappingReader.of(value, path, issues);
  if (!reader) return undefined;
  const present = CLICKPATH_ACTIONS.filter((kind) => reader.has(kind));
  if (present.length !== 1) {
    issues.push({ path, message: `a step needs exactly one action of: ${CLICKPATH_ACTIONS.join(', ')}${present.length ? ` (got ${present.join(', ')})` : ''}` });
  }
  const action = present.length === 1 ? readClickpathAction(reader, present[0]!) : undefined;
  const thresholdMs = reader.duration('threshold', { minMs: 1 });
  const timeoutMs = reader.duration('timeout', { minMs: 1 }) ?? defaultTimeoutMs;
  const name = reader.string('name') ?? (action ? defaultStepName(action) : '');
  reader.rejectUnknownKeys();
  if (!action) return undefined;
  return { name, action, timeoutMs, ...(thresholdMs !== undefined ? { thresholdMs } : {}) };
}

function readClickpathAction(reader: MappingReader, kind: (typeof CLICKPATH_ACTIONS)[number]): ClickpathAction | undefined {
  switch (kind) {
    case 'navigate': {
      const url = reader.string('navigate', { pattern: /^https?:\/\//, hint: 'an http(s) URL' });
      return url ? { kind, url } : undefined;
    }
    case 'click':
    case 'waitFor': {
      const selector = reader.string(kind);
      return selector ? { kind, selector } : undefined;
    }
    case 'type': {
      const fields = reader.mapping('type');
      const selector = fields?.string('selector', { required: true });
      const text = fields?.string('text', { required: true });
      fields?.rejectUnknownKeys();
      return selector && text ? { kind, selector, text } : undefined;
    }
    case 'press': {
      if (typeof reader.raw('press') === 'string') {
        const key = reader.string('press');
        return key ? { kind, key } : undefined;
      }
      const fields = reader.mapping('press');
      const key = fields?.string('key', { required: true });
      const selector = fields?.string('selector');
      fields?.rejectUnknownKeys();
      return key ? { kind, key, ...(selector ? { selector } : {}) } : undefined;
    }
    case 'assertText': {
      const fields = reader.mapping('assertText');
      const selector = fields?.string('selector') ?? 'body';
      const contains = fields?.string('contains', { required: true });
      fields?.rejectUnknownKeys();
      return contains ? { kind, selector, contains } : undefined;
    }
  }
}

/** Names come from the config as written, so a step name never holds a resolved secret. */
function defaultStepName(action: ClickpathAction): string {
  switch (action.kind) {
    case 'navigate': return `navigate to ${action.url}`;
    case 'click': return `click ${action.selector}`;
    case 'type': return `type into ${action.selector}`;
    case 'press': return action.selector ? `press ${action.key} on ${action.selector}` : `press ${action.key}`;
    case 'waitFor': return `wait for ${action.selector}`;
    case 'assertText': return `text of ${action.selector}`;
  }
}
