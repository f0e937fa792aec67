import type { MonitorType, SyntheticFailureReason, SyntheticResult, SyntheticRunTrigger } from '@otel-rum/semconv';

export interface Failure {
  readonly reason: SyntheticFailureReason;
  /** Redacted before it leaves the runner. */
  readonly message: string;
}

export interface StepResult {
  readonly name: string;
  readonly index: number;
  /** `request` for HTTP monitors; the clickpath action (`navigate`, `click`…) otherwise. */
  readonly action: string;
  readonly durationMs: number;
  readonly thresholdMs?: number;
  readonly result: SyntheticResult;
  readonly failure?: Failure;
}

/** What the outage rule made of a run. */
export interface ProblemState {
  readonly open: boolean;
  /** This run opened the problem. */
  readonly opened: boolean;
  /** This run closed it. */
  readonly closed: boolean;
  readonly consecutiveFailures: number;
  /** When the open problem was opened (ISO 8601). */
  readonly openedAt?: string;
}

export interface RunResult {
  readonly runId: string;
  readonly monitorId: string;
  readonly monitorName: string;
  readonly monitorType: MonitorType;
  readonly location: string;
  readonly trigger: SyntheticRunTrigger;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly thresholdMs?: number;
  readonly result: SyntheticResult;
  /** The first failure of the run. */
  readonly failure?: Failure;
  readonly steps: readonly StepResult[];
  readonly problem: ProblemState;
  /** The trace of the run span, to find it in the tracing backend. */
  readonly traceId: string;
}
