import type { RejectReason } from '@otel-rum/semconv';
import type { ProcessorConfig } from './config/index.js';
import { AddressSet, consoleLogger, DropLog, RateLimiter, type Logger } from './limits/index.js';
import type { RumMetrics, SummaryExporter } from './exporters/index.js';
import type { AppSettings } from './model.js';
import { IngestPipeline } from './pipeline.js';
import { GrpcReceiver, HttpReceiver } from './receivers/index.js';
import { Sessionizer } from './sessionizer/index.js';
import { discardState, loadState, saveState, setStateAside } from './state/index.js';

export interface ServiceDependencies {
  readonly metrics: RumMetrics;
  readonly summaryExporters: readonly SummaryExporter[];
  readonly clock?: () => number;
  readonly logger?: Logger;
}

/**
 * The running processor: receivers → pipeline → sessionizer, a tick that ends due sessions and hands
 * their summaries to the exporters, and the state kept across restarts. `shutdown` (SIGTERM) stops
 * taking traces, lets requests in flight finish, exports what has ended and saves the open sessions.
 */
export class ProcessorService {
  readonly sessionizer: Sessionizer;
  readonly pipeline: IngestPipeline;
  private readonly http: HttpReceiver;
  private readonly grpc: GrpcReceiver | undefined;
  private readonly rateLimiter: RateLimiter;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private stopped: Promise<void> | undefined;

  private constructor(
    private readonly config: ProcessorConfig,
    private readonly dependencies: ServiceDependencies,
  ) {
    this.clock = dependencies.clock ?? Date.now;
    this.logger = dependencies.logger ?? consoleLogger;
    const { metrics } = dependencies;
    const settings = new Map<string, AppSettings>(config.applications.map((application) => [application.id, application.settings]));
    this.sessionizer = new Sessionizer({
      clock: this.clock,
      settingsFor: (applicationId) => settings.get(applicationId)!,
      closeGraceMs: config.closeGraceSeconds * 1000,
    });
    this.pipeline = new IngestPipeline(config, {
      ingestSpans: (spans) => this.sessionizer.ingest(spans),
      recordSpans: (spans, ratings) => metrics.recordSpans(spans, ratings),
      spansReceived: (transport, count) => metrics.spansReceived(transport, count),
      spansRejected: (reason, count) => metrics.spansRejected(reason, count),
      attributesLimited: (reason, count) => metrics.attributesLimited(reason, count),
    });
    const dropLog = new DropLog(this.logger, 10_000, this.clock);
    const requestRejected = (reason: RejectReason): void => metrics.requestsRejected(reason);
    this.rateLimiter = new RateLimiter(config.limits.rateLimit, this.clock);
    this.http = new HttpReceiver({
      host: config.server.host,
      port: config.server.httpPort,
      limits: config.limits,
      trustedProxies: new AddressSet(config.server.trustedProxies),
      rateLimiter: this.rateLimiter,
      pipeline: this.pipeline,
      metrics,
      requestRejected,
      dropLog,
      clock: this.clock,
    });
    this.grpc =
      config.server.grpcPort === undefined
        ? undefined
        : new GrpcReceiver({ host: config.server.host, port: config.server.grpcPort, limits: config.limits, pipeline: this.pipeline, requestRejected, dropLog, clock: this.clock });
  }

  /** Restores the state of the last shutdown (if any), starts the receivers and the tick. */
  static async start(config: ProcessorConfig, dependencies: ServiceDependencies): Promise<ProcessorService> {
    const service = new ProcessorService(config, dependencies);
    service.restore();
    await service.http.start();
    await service.grpc?.start();
    service.timer = setInterval(() => service.tick(), config.tickSeconds * 1000);
    service.timer.unref();
    service.logger.info(
      `otel-rum-processor: OTLP/HTTP on ${config.server.host}:${service.httpPort}${service.grpc ? `, OTLP/gRPC on ${config.server.host}:${service.grpcPort}` : ''}; ` +
        `${config.applications.length} application(s), ${service.sessionizer.openSessions} open session(s) restored`,
    );
    return service;
  }

  get httpPort(): number {
    return this.http.port;
  }

  get grpcPort(): number | undefined {
    return this.grpc?.port;
  }

  /** Ends the sessions that are due, exports their summaries, updates the gauges. */
  tick(): void {
    const ended = this.sessionizer.advance();
    const { metrics } = this.dependencies;
    if (ended.length > 0) {
      metrics.recordEndedSessions(ended);
      const summaries = ended.map((session) => session.summary);
      for (const exporter of this.dependencies.summaryExporters) exporter.export(summaries);
    }
    metrics.setOpenSessions(this.sessionizer.openSessionsByApp());
    this.rateLimiter.sweep();
  }

  private restore(): void {
    const { statePath } = this.config;
    if (!statePath) return;
    try {
      const state = loadState(statePath);
      if (!state) return;
      this.sessionizer.restore(state.sessionizer);
      this.pipeline.pageGroups.restore(state.pageGroups);
    } catch (error) {
      // Losing the open sessions of one restart beats not starting at all.
      const aside = setStateAside(statePath, this.clock());
      this.logger.error(`otel-rum-processor: could not restore ${statePath} (${(error as Error).message}); moved it to ${aside} and started without it`);
      return;
    }
    discardState(statePath);
    this.dependencies.metrics.setOpenSessions(this.sessionizer.openSessionsByApp());
  }

  /** Graceful stop: no new traces, requests in flight finish, ended sessions exported, open ones saved. */
  shutdown(): Promise<void> {
    this.stopped ??= this.stop();
    return this.stopped;
  }

  private async stop(): Promise<void> {
    clearInterval(this.timer);
    this.http.stopAccepting();
    this.grpc?.stopAccepting();
    await Promise.all([this.http.stop(), this.grpc?.stop()]);
    this.tick();
    await Promise.all(this.dependencies.summaryExporters.map((exporter) => exporter.shutdown()));
    const { statePath } = this.config;
    if (statePath) {
      saveState(statePath, {
        version: 1,
        savedAtMs: this.clock(),
        sessionizer: this.sessionizer.snapshot(),
        pageGroups: this.pipeline.pageGroups.snapshot(),
      });
      this.logger.info(`otel-rum-processor: saved ${this.sessionizer.openSessions} open session(s) to ${statePath}`);
    }
  }
}
