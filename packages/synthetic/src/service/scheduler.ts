import { SyntheticRunTrigger } from '@otel-rum/semconv';
import type { Logger } from '../telemetry/index.js';
import { RunInProgressError, type SyntheticRunner } from '../runner/index.js';

/**
 * Runs every enabled monitor at its frequency. Each monitor's next run is planned when its last
 * one ends, so runs of one monitor never overlap; first runs are spread over the first interval
 * so that a restart does not fire everything at once.
 */
export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = true;

  constructor(
    private readonly runner: SyntheticRunner,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    const monitors = this.runner.monitors.filter((monitor) => monitor.enabled);
    monitors.forEach((monitor, index) => this.plan(monitor.id, Math.round((monitor.frequencyMs * index) / Math.max(monitors.length, 1) / 4)));
    this.logger.info('scheduler started', { monitors: monitors.length });
  }

  /** Stops planning runs and waits for the ones under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private plan(monitorId: string, delayMs: number): void {
    if (this.stopped) return;
    this.timers.set(monitorId, setTimeout(() => void this.fire(monitorId), delayMs));
  }

  private async fire(monitorId: string): Promise<void> {
    const frequencyMs = this.runner.monitor(monitorId).frequencyMs;
    const started = Date.now();
    const run = this.runner.run(monitorId, SyntheticRunTrigger.SCHEDULE);
    this.inFlight.add(run);
    try {
      await run;
    } catch (error) {
      // An on-demand run holds the monitor: this slot is skipped, the schedule goes on.
      if (!(error instanceof RunInProgressError)) this.logger.error('scheduled run crashed', { monitor: monitorId, error: String(error) });
    } finally {
      this.inFlight.delete(run);
    }
    this.plan(monitorId, Math.max(0, frequencyMs - (Date.now() - started)));
  }
}
