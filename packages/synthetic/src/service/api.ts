import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SyntheticRunTrigger } from '@otel-rum/semconv';
import type { ApiConfig, Monitor } from '../config/index.js';
import { RunInProgressError, UnknownMonitorError, type SyntheticRunner } from '../runner/index.js';
import type { Logger, SyntheticMetrics } from '../telemetry/index.js';
import type { Redactor } from '../vault/index.js';

const MONITOR_PATH = /^\/monitors\/([^/]+)(\/run)?$/;
/** Open to anyone who can reach the port: load balancers and Prometheus carry no token. */
const OPEN_PATHS = new Set(['/healthz', '/metrics']);

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
const sameToken = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The runner's HTTP API: `GET /metrics` (Prometheus), `GET /healthz`, `GET /monitors`,
 * `GET /monitors/<id>` (with its last run), `POST /monitors/<id>/run` (run now, answer the result),
 * `GET /problems` (open problems). Every answer passes through the redactor. With a token, every
 * route but /healthz and /metrics wants it as a bearer token.
 */
export class SyntheticApi {
  private server: Server | undefined;

  constructor(
    private readonly runner: SyntheticRunner,
    private readonly metrics: SyntheticMetrics,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
    private readonly token?: string,
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the API is not listening');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async listen(config: ApiConfig): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        if (status === 500) this.logger.error('API request failed', { path: req.url, error: String(error) });
        this.send(res, status, { error: error instanceof Error ? error.message : String(error) });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    this.server = server;
    this.logger.info('API listening', { url: this.url });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://api').pathname;
    const method = req.method ?? 'GET';
    req.resume();
    if (this.token !== undefined && !OPEN_PATHS.has(path)) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (given === undefined || !sameToken(given, this.token)) {
        res.setHeader('www-authenticate', 'Bearer');
        throw new HttpError(401, 'this route wants Authorization: Bearer <token>');
      }
    }
    if (path === '/healthz') {
      expectMethod(method, 'GET');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/metrics') {
      expectMethod(method, 'GET');
      res.writeHead(200, { 'content-type': this.metrics.contentType }).end(await this.metrics.text());
      return;
    }
    if (path === '/monitors') {
      expectMethod(method, 'GET');
      this.send(res, 200, this.runner.monitors.map((monitor) => this.describe(monitor)));
      return;
    }
    if (path === '/problems') {
      expectMethod(method, 'GET');
      this.send(res, 200, this.runner.openProblems());
      return;
    }
    const match = MONITOR_PATH.exec(path);
    if (match) {
      const monitor = this.find(decodeURIComponent(match[1]!));
      if (!match[2]) {
        expectMethod(method, 'GET');
        this.send(res, 200, this.describe(monitor));
        return;
      }
      expectMethod(method, 'POST');
      try {
        this.send(res, 200, await this.runner.run(monitor.id, SyntheticRunTrigger.ON_DEMAND));
      } catch (error) {
        if (error instanceof RunInProgressError) throw new HttpError(409, error.message);
        throw error;
      }
      return;
    }
    throw new HttpError(404, `no route ${path}`);
  }

  private find(id: string): Monitor {
    try {
      return this.runner.monitor(id);
    } catch (error) {
      if (error instanceof UnknownMonitorError) throw new HttpError(404, error.message);
      throw error;
    }
  }

  private describe(monitor: Monitor): object {
    const lastRun = this.runner.lastRun(monitor.id);
    return {
      id: monitor.id,
      name: monitor.name,
      type: monitor.type,
      location: monitor.location,
      enabled: monitor.enabled,
      frequencyMs: monitor.frequencyMs,
      running: this.runner.isRunning(monitor.id),
      problemOpen: lastRun?.problem.open ?? false,
      ...(lastRun ? { lastRun } : {}),
    };
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(`${this.redactor.redact(JSON.stringify(body, null, 2))}\n`);
  }
}

function expectMethod(actual: string, expected: string): void {
  if (actual !== expected) throw new HttpError(405, `use ${expected}`);
}
