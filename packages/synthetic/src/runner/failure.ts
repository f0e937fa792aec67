import { SyntheticFailureReason } from '@otel-rum/semconv';
import { errors as playwrightErrors } from 'playwright-core';

/** A failed step or run, with the bounded reason metrics and spans carry. */
export class MonitorFailure extends Error {
  override name = 'MonitorFailure';

  constructor(
    readonly reason: SyntheticFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Sorts anything a step threw into a failure reason. */
export function toMonitorFailure(error: unknown): MonitorFailure {
  if (error instanceof MonitorFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  const timedOut = error instanceof playwrightErrors.TimeoutError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
  if (timedOut) return new MonitorFailure(SyntheticFailureReason.TIMEOUT, firstLine(message));
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return new MonitorFailure(SyntheticFailureReason.NETWORK, firstLine(message) + cause);
}

/** Playwright appends a call log to its messages; the first line says what went wrong. */
const firstLine = (message: string): string => message.split('\n')[0]!.trim();
