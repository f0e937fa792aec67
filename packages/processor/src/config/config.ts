import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ACTION_TYPES, ConversionGoalKind, DEFAULT_SESSION_LIMITS, type ActionType } from '@otel-rum/semconv';
import { DEFAULT_APDEX_THRESHOLDS, DEFAULT_UX_SCORE_SETTINGS, type ApdexThresholds, type AppSettings, type ConversionGoal } from '../model.js';
import type { PageGroupRule, PageGroupSettings } from '../enrichment/page-groups.js';
import { DEFAULT_BOT_PATTERNS } from '../enrichment/user-agent.js';
import { DEFAULT_JSON_LINES_ROTATION, type JsonLinesRotation } from '../exporters/index.js';
import { isCidr } from '../limits/client-address.js';
import { MAX_CONVERSION_GOALS } from '../ratings/index.js';
import type { RateLimitSettings } from '../limits/rate-limit.js';
import type { TimeLimits } from '../limits/timestamps.js';
import { ConfigError, Problems, Section } from './fields.js';

export interface ServerConfig {
  readonly host: string;
  /** OTLP/HTTP, `/metrics` and `/healthz`. 0 picks a free port. */
  readonly httpPort: number;
  /** OTLP/gRPC; absent when disabled. 0 picks a free port. */
  readonly grpcPort?: number;
  /** Peers whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  readonly trustedProxies: readonly string[];
}

export interface LimitsConfig extends TimeLimits {
  readonly maxBodyBytes: number;
  readonly maxDecompressedBytes: number;
  readonly maxAttributesPerSpan: number;
  readonly maxAttributeValueLength: number;
  readonly rateLimit: RateLimitSettings;
}

export interface ApplicationConfig {
  readonly id: string;
  readonly name: string;
  /** Browser origins allowed to post for this application (`*` for any). */
  readonly allowedOrigins: readonly string[];
  readonly pageGroups: PageGroupSettings;
  readonly settings: AppSettings;
}

export interface ExportersConfig {
  /** Session summaries, one JSON object per line, appended to this file. */
  readonly jsonLines?: { readonly path: string; readonly rotation: JsonLinesRotation };
  /** Session summaries as OTLP log records, posted to this OTLP/HTTP logs endpoint. */
  readonly otlpLogs?: { readonly endpoint: string; readonly headers: Readonly<Record<string, string>>; readonly timeoutSeconds: number };
}

export interface ProcessorConfig {
  readonly server: ServerConfig;
  readonly limits: LimitsConfig;
  readonly applications: readonly ApplicationConfig[];
  readonly exporters: ExportersConfig;
  /** Where open sessions are saved on shutdown and restored from at start; absent: not kept. */
  readonly statePath?: string;
  /** How often sessions are checked for timeouts. */
  readonly tickSeconds: number;
  /** How long a due session stays open for spans still on their way before its summary goes out. */
  readonly closeGraceSeconds: number;
  /** User-agent patterns (case-insensitive regular expressions) that mark a robot. */
  readonly botPatterns: readonly string[];
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: LimitsConfig = Object.freeze({
  maxBodyBytes: 1 * MB,
  maxDecompressedBytes: 8 * MB,
  maxAttributesPerSpan: 128,
  maxAttributeValueLength: 4096,
  maxPastSeconds: 24 * 60 * 60,
  maxFutureSeconds: 5 * 60,
  clockSkewToleranceSeconds: 60,
  rateLimit: Object.freeze({ requestsPerSecond: 20, burst: 100 }),
});

export const DEFAULT_MAX_PAGE_GROUPS = 200;

function readThresholds(section: Section, fallback: ApdexThresholds): ApdexThresholds {
  const satisfiedMs = section.number('satisfiedSeconds', fallback.satisfiedMs / 1000) * 1000;
  const toleratingMs = section.number('toleratingSeconds', fallback.toleratingMs / 1000) * 1000;
  if (toleratingMs < satisfiedMs) section.problem('toleratingSeconds', 'must be ≥ satisfiedSeconds');
  return { satisfiedMs, toleratingMs };
}

function readApplication(app: Section, seenIds: Set<string>): ApplicationConfig {
  const id = app.requiredString('id');
  if (id && seenIds.has(id)) app.problem('id', `duplicate application id ${id}`);
  seenIds.add(id);
  const name = app.string('name', id);
  const allowedOrigins = app.strings('allowedOrigins', [], (origin) =>
    origin === '*' || /^https?:\/\/[^/\s]+$/.test(origin) ? undefined : 'must be an origin like https://shop.example.com (scheme, host, port; no path) or *',
  );

  const sessions = app.section('sessions');
  const sessionLimits = {
    inactivityTimeoutMs: sessions.number('inactivityTimeoutSeconds', DEFAULT_SESSION_LIMITS.inactivityTimeoutMs / 1000) * 1000,
    maxDurationMs: sessions.number('maxDurationSeconds', DEFAULT_SESSION_LIMITS.maxDurationMs / 1000) * 1000,
    maxActions: sessions.number('maxActions', DEFAULT_SESSION_LIMITS.maxActions, { integer: true }),
  };
  sessions.rejectUnknownKeys();

  const apdex = app.section('apdex');
  const defaultThresholds = readThresholds(apdex, DEFAULT_APDEX_THRESHOLDS);
  const byActionTypeSection = apdex.section('byActionType');
  const byActionType: Partial<Record<ActionType, ApdexThresholds>> = {};
  for (const actionType of byActionTypeSection.keys()) {
    if (!(ACTION_TYPES as readonly string[]).includes(actionType)) continue;
    const thresholds = byActionTypeSection.section(actionType);
    byActionType[actionType as ActionType] = readThresholds(thresholds, defaultThresholds);
    thresholds.rejectUnknownKeys();
  }
  byActionTypeSection.rejectUnknownKeys();
  const byActionName = new Map<string, ApdexThresholds>();
  for (const keyAction of apdex.sections('keyActions')) {
    const actionName = keyAction.requiredString('name');
    byActionName.set(actionName, readThresholds(keyAction, defaultThresholds));
    keyAction.rejectUnknownKeys();
  }
  apdex.rejectUnknownKeys();

  const ux = app.section('uxScore');
  const uxScore = {
    frustratingShare: ux.number('frustratingShare', DEFAULT_UX_SCORE_SETTINGS.frustratingShare, { max: 1 }),
    satisfyingShare: ux.number('satisfyingShare', DEFAULT_UX_SCORE_SETTINGS.satisfyingShare, { max: 1 }),
    lastActionRule: ux.boolean('lastActionRule', DEFAULT_UX_SCORE_SETTINGS.lastActionRule),
    countRageClicks: ux.boolean('countRageClicks', DEFAULT_UX_SCORE_SETTINGS.countRageClicks),
  };
  ux.rejectUnknownKeys();

  const goalNames = new Set<string>();
  const conversionGoals: ConversionGoal[] = [];
  for (const goal of app.sections('conversionGoals')) {
    const goalName = goal.requiredString('name');
    if (goalName && goalNames.has(goalName)) goal.problem('name', `duplicate goal name ${goalName}`);
    goalNames.add(goalName);
    const kinds = ['page', 'action', 'minDurationSeconds', 'minActions'].filter((key) => goal.has(key));
    if (kinds.length !== 1) goal.problem('name', `goal ${goalName} needs exactly one of page, action, minDurationSeconds, minActions`);
    if (goal.has('page')) conversionGoals.push({ name: goalName, kind: ConversionGoalKind.PAGE, pathPattern: goal.string('page', '/') });
    else if (goal.has('action')) conversionGoals.push({ name: goalName, kind: ConversionGoalKind.ACTION, actionName: goal.string('action', '') });
    else if (goal.has('minDurationSeconds')) conversionGoals.push({ name: goalName, kind: ConversionGoalKind.DURATION, minDurationMs: goal.number('minDurationSeconds', 1) * 1000 });
    else if (goal.has('minActions')) conversionGoals.push({ name: goalName, kind: ConversionGoalKind.ACTIONS, minActions: goal.number('minActions', 1, { integer: true }) });
    goal.rejectUnknownKeys();
  }
  if (conversionGoals.length > MAX_CONVERSION_GOALS) {
    app.problem('conversionGoals', `at most ${MAX_CONVERSION_GOALS} goals per application, got ${conversionGoals.length}`);
  }

  const pageGroupsSection = app.section('pageGroups');
  const rules: PageGroupRule[] = [];
  for (const rule of pageGroupsSection.sections('rules')) {
    const pattern = rule.pattern('pattern');
    const group = rule.requiredString('group');
    if (pattern && group) rules.push({ pattern, group });
    rule.rejectUnknownKeys();
  }
  const pageGroups = { rules, maxGroups: pageGroupsSection.number('max', DEFAULT_MAX_PAGE_GROUPS, { integer: true }) };
  pageGroupsSection.rejectUnknownKeys();
  app.rejectUnknownKeys();

  return {
    id,
    name,
    allowedOrigins,
    pageGroups,
    settings: { applicationId: id, sessionLimits, apdex: { default: defaultThresholds, byActionType, byActionName }, uxScore, conversionGoals },
  };
}

/**
 * Validates a parsed YAML document into a config. Relative paths resolve against `baseDirectory`
 * (the config file's folder). Throws `ConfigError` listing every problem by key path.
 */
export function parseConfig(document: unknown, baseDirectory: string): ProcessorConfig {
  const problems = new Problems();
  const root = new Section(document, '', problems);

  const server = root.section('server');
  const serverConfig: ServerConfig = {
    host: server.string('host', '0.0.0.0'),
    httpPort: server.number('httpPort', 4318, { min: 0, exclusiveMin: false, integer: true, max: 65535 }),
    grpcPort: server.optionalNumber('grpcPort', { min: 0, exclusiveMin: false, integer: true, max: 65535 }),
    trustedProxies: server.strings('trustedProxies', [], (item) => (isCidr(item) ? undefined : 'must be an IP address or CIDR range')),
  };
  server.rejectUnknownKeys();

  const limits = root.section('limits');
  const rateLimit = limits.section('rateLimit');
  const limitsConfig: LimitsConfig = {
    maxBodyBytes: limits.number('maxBodyBytes', DEFAULT_LIMITS.maxBodyBytes, { integer: true }),
    maxDecompressedBytes: limits.number('maxDecompressedBytes', DEFAULT_LIMITS.maxDecompressedBytes, { integer: true }),
    maxAttributesPerSpan: limits.number('maxAttributesPerSpan', DEFAULT_LIMITS.maxAttributesPerSpan, { integer: true }),
    maxAttributeValueLength: limits.number('maxAttributeValueLength', DEFAULT_LIMITS.maxAttributeValueLength, { integer: true }),
    maxPastSeconds: limits.number('maxPastSeconds', DEFAULT_LIMITS.maxPastSeconds),
    maxFutureSeconds: limits.number('maxFutureSeconds', DEFAULT_LIMITS.maxFutureSeconds),
    clockSkewToleranceSeconds: limits.number('clockSkewToleranceSeconds', DEFAULT_LIMITS.clockSkewToleranceSeconds),
    rateLimit: {
      requestsPerSecond: rateLimit.number('requestsPerSecond', DEFAULT_LIMITS.rateLimit.requestsPerSecond),
      burst: rateLimit.number('burst', DEFAULT_LIMITS.rateLimit.burst, { min: 1, exclusiveMin: false }),
    },
  };
  rateLimit.rejectUnknownKeys();
  limits.rejectUnknownKeys();

  const seenIds = new Set<string>();
  const applications = root.sections('applications').map((app) => readApplication(app, seenIds));
  if (applications.length === 0) problems.add('applications', 'at least one application is required');

  const exporters = root.section('exporters');
  const jsonLines = exporters.section('jsonLines');
  const otlpLogs = exporters.section('otlpLogs');
  const exportersConfig: ExportersConfig = {
    ...(exporters.has('jsonLines')
      ? {
          jsonLines: {
            path: resolve(baseDirectory, jsonLines.requiredString('path')),
            rotation: {
              maxBytes: jsonLines.number('maxMegabytes', DEFAULT_JSON_LINES_ROTATION.maxBytes / MB) * MB,
              maxBackups: jsonLines.number('maxBackups', DEFAULT_JSON_LINES_ROTATION.maxBackups, { integer: true, exclusiveMin: false }),
            },
          },
        }
      : {}),
    ...(exporters.has('otlpLogs')
      ? {
          otlpLogs: {
            endpoint: otlpLogs.requiredString('endpoint'),
            headers: otlpLogs.stringMap('headers'),
            timeoutSeconds: otlpLogs.number('timeoutSeconds', 10),
          },
        }
      : {}),
  };
  if (exportersConfig.otlpLogs && !/^https?:\/\//.test(exportersConfig.otlpLogs.endpoint)) {
    otlpLogs.problem('endpoint', 'must be an http(s) URL such as http://localhost:4318/v1/logs');
  }
  jsonLines.rejectUnknownKeys();
  otlpLogs.rejectUnknownKeys();
  exporters.rejectUnknownKeys();

  const state = root.section('state');
  const statePath = state.optionalString('path');
  state.rejectUnknownKeys();

  const sessions = root.section('sessions');
  const tickSeconds = sessions.number('tickSeconds', 1);
  const closeGraceSeconds = sessions.number('closeGraceSeconds', 10, { exclusiveMin: false });
  sessions.rejectUnknownKeys();

  const userAgents = root.section('userAgents');
  const botPatterns = userAgents.strings('botPatterns', DEFAULT_BOT_PATTERNS, (pattern) => {
    try {
      new RegExp(pattern, 'i');
      return undefined;
    } catch (error) {
      return `must be a regular expression: ${(error as Error).message}`;
    }
  });
  userAgents.rejectUnknownKeys();
  root.rejectUnknownKeys();

  problems.throwIfAny();
  return {
    server: serverConfig,
    limits: limitsConfig,
    applications,
    exporters: exportersConfig,
    ...(statePath ? { statePath: resolve(baseDirectory, statePath) } : {}),
    tickSeconds,
    closeGraceSeconds,
    botPatterns,
  };
}

/** Reads, parses and validates a YAML config file. */
export function loadConfig(path: string): ProcessorConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot read: ${(error as Error).message}`]);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ConfigError([`${path}: not valid YAML: ${(error as Error).message}`]);
  }
  return parseConfig(document, dirname(resolve(path)));
}
