import type { Writable } from 'node:stream';
import { ConfigError, type SyntheticConfig } from '../config/index.js';
import { SyntheticRunner } from '../runner/index.js';
import { Logger, RunTracing, SyntheticMetrics } from '../telemetry/index.js';
import { Redactor, Vault } from '../vault/index.js';
import { SyntheticApi } from './api.js';
import { Scheduler } from './scheduler.js';

export interface SyntheticOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where log lines go; stderr by default. */
  readonly log?: Writable;
  /** How long finished spans wait to be batched before export. */
  readonly exportDelayMs?: number;
}

/**
 * The runner and everything around it, wired once: vault, redactor, spans, metrics and logs; then
 * either single runs (`run`) or the service (`start`: scheduler and HTTP API).
 */
export class Synthetic {
  private scheduler: Scheduler | undefined;
  private api: SyntheticApi | undefined;

  private constructor(
    readonly config: SyntheticConfig,
    readonly runner: SyntheticRunner,
    readonly metrics: SyntheticMetrics,
    readonly tracing: RunTracing,
    readonly redactor: Redactor,
    readonly logger: Logger,
    private readonly apiToken: string | undefined,
  ) {}

  static async open(config: SyntheticConfig, { env = process.env, log = process.stderr, exportDelayMs }: SyntheticOptions = {}): Promise<Synthetic> {
    const vault = config.vault ? await Vault.open(config.vault.path, env[config.vault.keyEnv], config.vault.keyEnv) : undefined;
    const apiToken = config.api.tokenEnv ? env[config.api.tokenEnv] : undefined;
    if (config.api.tokenEnv && !apiToken) throw new ConfigError('(environment)', [{ path: 'api.tokenEnv', message: `the API token is not set: put it in the ${config.api.tokenEnv} environment variable` }]);
    const redactor = new Redactor([...(vault?.values() ?? []), ...(apiToken ? [apiToken] : [])]);
    const logger = new Logger(log, redactor);
    const tracing = new RunTracing(config.telemetry, redactor, exportDelayMs !== undefined ? { exportDelayMs } : {});
    const metrics = new SyntheticMetrics();
    const runner = new SyntheticRunner({ config, ...(vault ? { vault } : {}), redactor, tracing, metrics, logger });
    return new Synthetic(config, runner, metrics, tracing, redactor, logger, apiToken);
  }

  /** The API's address once {@link start} has run. */
  get apiUrl(): string {
    if (!this.api) throw new Error('the service is not started');
    return this.api.url;
  }

  /** Starts the HTTP API and the scheduler. */
  async start({ schedule = true }: { schedule?: boolean } = {}): Promise<void> {
    this.api = new SyntheticApi(this.runner, this.metrics, this.redactor, this.logger, this.apiToken);
    await this.api.listen(this.config.api);
    if (schedule) {
      this.scheduler = new Scheduler(this.runner, this.logger);
      this.scheduler.start();
    }
  }

  /** Stops scheduling, waits for runs under way, closes the API and the browser, flushes spans. */
  async shutdown(): Promise<void> {
    await this.scheduler?.stop();
    await this.api?.close();
    await this.runner.close();
    // Spans that cannot leave are a telemetry problem, not a failed run: say so and go on.
    await this.tracing.shutdown().catch((error: unknown) => this.logger.warn('span export failed', { error: String(error) }));
  }
}
