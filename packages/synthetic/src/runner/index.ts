export { SyntheticRunner, UnknownMonitorError, RunInProgressError, type RunnerDependencies } from './runner.js';
export { OutageTracker, type OpenProblem } from './outage.js';
export { MonitorFailure } from './failure.js';
export type { Failure, ProblemState, RunResult, StepResult } from './result.js';
