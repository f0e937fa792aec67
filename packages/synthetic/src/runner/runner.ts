import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_RUM_USER_TYPE, ATTR_SYNTHETIC_LOCATION, ATTR_SYNTHETIC_MONITOR_ID, ATTR_SYNTHETIC_MONITOR_NAME, ATTR_SYNTHETIC_MONITOR_TYPE,
  ATTR_SYNTHETIC_PROBLEM_OPEN, ATTR_SYNTHETIC_RESULT, ATTR_SYNTHETIC_RUN_ID, ATTR_SYNTHETIC_RUN_TRIGGER, ATTR_SYNTHETIC_THRESHOLD_MS,
  ATTR_USER_AGENT_SYNTHETIC_TYPE, MonitorType, SPAN_EVENT_SYNTHETIC_PROBLEM_CLOSED, SPAN_EVENT_SYNTHETIC_PROBLEM_OPENED,
  SyntheticFailureReason, SyntheticResult, SyntheticRunTrigger, SyntheticType, UserType,
} from '@otel-rum/semconv';
import type { Monitor, SyntheticConfig } from '../config/index.js';
import { BrowserProvider, runClickpathMonitor, runHttpMonitor } from '../monitors/index.js';
import type { Logger, RunTracing, SyntheticMetrics } from '../telemetry/index.js';
import { CredentialResolver, vaultReferences, type Redactor, type Vault } from '../vault/index.js';
import { toMonitorFailure } from './failure.js';
import { OutageTracker, type OpenProblem } from './outage.js';
import type { Failure, RunResult } from './result.js';
import { markFailed, RunContext, StepAborted } from './run-context.js';

export class UnknownMonitorError extends Error {
  override name = 'UnknownMonitorError';
}

export class RunInProgressError extends Error {
  override name = 'RunInProgressError';
}

export interface RunnerDependencies {
  readonly config: SyntheticConfig;
  readonly vault?: Vault;
  readonly redactor: Redactor;
  readonly tracing: RunTracing;
  readonly metrics: SyntheticMetrics;
  readonly logger: Logger;
}

/**
 * Runs monitors: each run is a root span with a child span per step, judged against the step and
 * run thresholds, fed to the outage rule, counted in the metrics and logged (redacted).
 */
export class SyntheticRunner {
  private readonly outage = new OutageTracker();
  private readonly running = new Set<string>();
  private readonly lastRuns = new Map<string, RunResult>();
  private readonly browsers: BrowserProvider;

  constructor(private readonly deps: RunnerDependencies) {
    this.browsers = new BrowserProvider(deps.config.browser);
    for (const monitor of deps.config.monitors) deps.metrics.declare(monitor);
  }

  get monitors(): readonly Monitor[] {
    return this.deps.config.monitors;
  }

  monitor(id: string): Monitor {
    const monitor = this.deps.config.monitors.find((candidate) => candidate.id === id);
    if (!monitor) throw new UnknownMonitorError(`no monitor ${JSON.stringify(id)} (known: ${this.deps.config.monitors.map((m) => m.id).join(', ')})`);
    return monitor;
  }

  lastRun(monitorId: string): RunResult | undefined {
    return this.lastRuns.get(monitorId);
  }

  isRunning(monitorId: string): boolean {
    return this.running.has(monitorId);
  }

  openProblems(): OpenProblem[] {
    return this.outage.openProblems();
  }

  /** Vault names the monitors refer to that the vault lacks (all of them when there is no vault). */
  missingCredentials(): string[] {
    const referenced = new Set(this.deps.config.monitors.flatMap((monitor) => vaultReferences(JSON.stringify(monitor))));
    return [...referenced].filter((name) => !this.deps.vault?.has(name));
  }

  async run(monitorId: string, trigger: SyntheticRunTrigger = SyntheticRunTrigger.ON_DEMAND): Promise<RunResult> {
    const monitor = this.monitor(monitorId);
    if (this.running.has(monitor.id)) throw new RunInProgressError(`monitor ${monitor.id} is running already`);
    this.running.add(monitor.id);
    try {
      return await this.execute(monitor, trigger);
    } finally {
      this.running.delete(monitor.id);
    }
  }

  async close(): Promise<void> {
    await this.browsers.close();
  }

  private async execute(monitor: Monitor, trigger: SyntheticRunTrigger): Promise<RunResult> {
    const { tracing, redactor, metrics, logger, vault } = this.deps;
    const runId = randomUUID();
    const startedAt = new Date();
    const runSpan = tracing.tracer.startSpan(`synthetic.run ${monitor.id}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_SYNTHETIC_MONITOR_ID]: monitor.id,
        [ATTR_SYNTHETIC_MONITOR_NAME]: monitor.name,
        [ATTR_SYNTHETIC_MONITOR_TYPE]: monitor.type,
        [ATTR_SYNTHETIC_LOCATION]: monitor.location,
        [ATTR_SYNTHETIC_RUN_ID]: runId,
        [ATTR_SYNTHETIC_RUN_TRIGGER]: trigger,
        [ATTR_RUM_USER_TYPE]: UserType.SYNTHETIC,
        [ATTR_USER_AGENT_SYNTHETIC_TYPE]: SyntheticType.TEST,
        ...(monitor.thresholdMs !== undefined ? { [ATTR_SYNTHETIC_THRESHOLD_MS]: monitor.thresholdMs } : {}),
      },
    }, ROOT_CONTEXT);
    const { traceId, spanId } = runSpan.spanContext();
    const marker = { type: SyntheticType.TEST, monitorId: monitor.id, location: monitor.location, traceId, spanId };
    const run = new RunContext(runSpan, marker, tracing.tracer, redactor, new CredentialResolver(vault));

    const started = performance.now();
    let failure: Failure | undefined;
    try {
      if (monitor.type === MonitorType.HTTP) await runHttpMonitor(monitor, run);
      else await runClickpathMonitor(monitor, run, this.browsers);
    } catch (error) {
      // A step records its own failure; anything else (the browser would not start) fails the run.
      failure = error instanceof StepAborted ? error.failure : redactFailure(toMonitorFailure(error), redactor);
    }
    const durationMs = performance.now() - started;
    failure ??= run.steps.find((step) => step.failure)?.failure;
    if (!failure && monitor.thresholdMs !== undefined && durationMs > monitor.thresholdMs) {
      failure = { reason: SyntheticFailureReason.THRESHOLD, message: `run took ${Math.round(durationMs)} ms, threshold ${monitor.thresholdMs} ms` };
    }

    const result = failure ? SyntheticResult.FAILURE : SyntheticResult.SUCCESS;
    const problem = this.outage.record(monitor.id, monitor.location, monitor.outage, !failure, startedAt);
    runSpan.setAttributes({ [ATTR_SYNTHETIC_RESULT]: result, [ATTR_SYNTHETIC_PROBLEM_OPEN]: problem.open });
    if (problem.opened) runSpan.addEvent(SPAN_EVENT_SYNTHETIC_PROBLEM_OPENED);
    if (problem.closed) runSpan.addEvent(SPAN_EVENT_SYNTHETIC_PROBLEM_CLOSED);
    if (failure) markFailed(runSpan, failure);
    else runSpan.setStatus({ code: SpanStatusCode.OK });
    runSpan.end();

    const runResult: RunResult = {
      runId,
      monitorId: monitor.id,
      monitorName: monitor.name,
      monitorType: monitor.type,
      location: monitor.location,
      trigger,
      startedAt: startedAt.toISOString(),
      durationMs,
      ...(monitor.thresholdMs !== undefined ? { thresholdMs: monitor.thresholdMs } : {}),
      result,
      ...(failure ? { failure } : {}),
      steps: run.steps,
      problem,
      traceId,
    };
    this.lastRuns.set(monitor.id, runResult);
    metrics.record(runResult);
    const fields = { monitor: monitor.id, location: monitor.location, trigger, run_id: runId, trace_id: traceId, duration_ms: Math.round(durationMs), reason: failure?.reason, error: failure?.message };
    logger.log(failure ? 'warn' : 'info', `run ${result}`, fields);
    if (problem.opened) logger.error('problem opened', { monitor: monitor.id, location: monitor.location, consecutive_failures: problem.consecutiveFailures });
    if (problem.closed) logger.info('problem closed', { monitor: monitor.id, location: monitor.location });
    return runResult;
  }
}

const redactFailure = (failure: Failure, redactor: Redactor): Failure => ({ reason: failure.reason, message: redactor.redact(failure.message) });
