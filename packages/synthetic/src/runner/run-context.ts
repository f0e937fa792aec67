import { SpanStatusCode, trace, context as otelContext, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_SYNTHETIC_FAILURE_REASON, ATTR_SYNTHETIC_RESULT, ATTR_SYNTHETIC_STEP_ACTION, ATTR_SYNTHETIC_STEP_INDEX,
  ATTR_SYNTHETIC_STEP_NAME, ATTR_SYNTHETIC_THRESHOLD_MS, SyntheticFailureReason, SyntheticResult, type SyntheticPageMarker,
} from '@otel-rum/semconv';
import type { CredentialResolver, Redactor } from '../vault/index.js';
import { MonitorFailure, toMonitorFailure } from './failure.js';
import type { Failure, StepResult } from './result.js';

export interface StepSpec {
  readonly name: string;
  readonly action: string;
  readonly thresholdMs?: number;
}

/** Thrown out of a step that failed, after it was recorded, to end the run there. */
export class StepAborted extends Error {
  override name = 'StepAborted';

  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/**
 * What a monitor kind sees of its run: `step()` times a piece of work in a span of its own, judges
 * it against its threshold and records it; `credentials` fills in vault references.
 */
export class RunContext {
  readonly steps: StepResult[] = [];

  constructor(
    readonly runSpan: Span,
    readonly marker: SyntheticPageMarker,
    private readonly tracer: Tracer,
    private readonly redactor: Redactor,
    readonly credentials: CredentialResolver,
  ) {}

  /** Masks secrets in text a step is about to quote (a response body, a page's text) before it is cut short. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /**
   * Runs one step. A failing step throws {@link StepAborted} (the run stops there); a step that
   * merely took longer than its threshold is recorded as failed and the run goes on.
   */
  async step(spec: StepSpec, body: (span: Span) => Promise<void>): Promise<void> {
    const index = this.steps.length;
    const span = this.tracer.startSpan(`synthetic.step ${spec.name}`, {
      attributes: {
        [ATTR_SYNTHETIC_STEP_NAME]: spec.name,
        [ATTR_SYNTHETIC_STEP_INDEX]: index,
        [ATTR_SYNTHETIC_STEP_ACTION]: spec.action,
        ...(spec.thresholdMs !== undefined ? { [ATTR_SYNTHETIC_THRESHOLD_MS]: spec.thresholdMs } : {}),
      },
    }, trace.setSpan(otelContext.active(), this.runSpan));
    const started = performance.now();
    let failure: MonitorFailure | undefined;
    try {
      await body(span);
    } catch (error) {
      failure = toMonitorFailure(error);
    }
    const durationMs = performance.now() - started;
    const aborted = failure !== undefined;
    if (!failure && spec.thresholdMs !== undefined && durationMs > spec.thresholdMs) {
      failure = new MonitorFailure(SyntheticFailureReason.THRESHOLD, `step "${spec.name}" took ${Math.round(durationMs)} ms, threshold ${spec.thresholdMs} ms`);
    }
    const recorded = failure ? { reason: failure.reason, message: this.redactor.redact(failure.message) } : undefined;
    this.steps.push({
      name: spec.name,
      index,
      action: spec.action,
      durationMs,
      ...(spec.thresholdMs !== undefined ? { thresholdMs: spec.thresholdMs } : {}),
      result: recorded ? SyntheticResult.FAILURE : SyntheticResult.SUCCESS,
      ...(recorded ? { failure: recorded } : {}),
    });
    span.setAttribute(ATTR_SYNTHETIC_RESULT, recorded ? SyntheticResult.FAILURE : SyntheticResult.SUCCESS);
    if (recorded) markFailed(span, recorded);
    span.end();
    if (aborted && recorded) throw new StepAborted(recorded);
  }
}

/** A failure on a span: status ERROR, an `exception` event, and the reason as an attribute. */
export function markFailed(span: Span, failure: Failure): void {
  span.setAttribute(ATTR_SYNTHETIC_FAILURE_REASON, failure.reason);
  span.recordException({ name: MonitorFailure.name, message: failure.message });
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}
