import { randomFillSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RejectReason } from '@otel-rum/semconv';
import type { LimitsConfig } from '../config/index.js';
import {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_MAX_AGE_SECONDS,
  decodeContent,
  readBody,
  RequestRejected,
  resolveClientAddress,
  type AddressSet,
  type DropLog,
  type RateLimiter,
} from '../limits/index.js';
import { encodeJsonResponse, encodeProtobufResponse, JsonTraceDecoder, MalformedOtlp, ProtobufTraceDecoder, type DecodedRequest } from '../otlp/index.js';
import type { IngestPipeline } from '../pipeline.js';

export const TRACES_PATH = '/v1/traces';
export const METRICS_PATH = '/metrics';
export const HEALTH_PATH = '/healthz';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const STOP_GRACE_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** What `/metrics` serves: the exporters' registry in the format the scraper asked for. */
export interface MetricsEndpoint {
  render(accept: string | undefined): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface HttpReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly limits: LimitsConfig;
  readonly trustedProxies: AddressSet;
  readonly rateLimiter: RateLimiter;
  readonly pipeline: IngestPipeline;
  readonly metrics: MetricsEndpoint;
  readonly requestRejected: (reason: RejectReason) => void;
  readonly dropLog: DropLog;
  readonly clock: () => number;
}

/**
 * OTLP/HTTP on `POST /v1/traces` (protobuf or JSON, gzip or not), `GET /metrics`, `GET /healthz`.
 * Every refusal is a 4xx with `{"error": "…"}`, counted and logged, and never touches other sessions.
 */
export class HttpReceiver {
  private server: Server | undefined;
  private accepting = true;
  private readonly protobuf: ProtobufTraceDecoder;
  private readonly json: JsonTraceDecoder;
  private readonly clientKeySeeds = randomFillSync(new Uint32Array(2));

  constructor(private readonly options: HttpReceiverOptions) {
    const attributeLimits = { maxAttributes: options.limits.maxAttributesPerSpan, maxValueLength: options.limits.maxAttributeValueLength };
    this.protobuf = new ProtobufTraceDecoder(attributeLimits);
    this.json = new JsonTraceDecoder(attributeLimits);
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    server.keepAliveTimeout = 65_000;
    // A client that trickles its body (slowloris) is cut off rather than holding a socket for minutes.
    server.requestTimeout = REQUEST_TIMEOUT_MS;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  /** Stops taking new traces (503) while the service flushes; `/metrics` stays up for a last scrape. */
  stopAccepting(): void {
    this.accepting = false;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    // Requests in flight finish; keep-alive connections that stay idle are closed; a client that
    // holds on longer than the grace is cut off.
    const cutOff = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(cutOff);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    try {
      if (path === TRACES_PATH) await this.traces(request, response);
      else if (path === METRICS_PATH && request.method === 'GET') await this.serveMetrics(request, response);
      else if (path === HEALTH_PATH && request.method === 'GET') sendJson(response, this.accepting ? 200 : 503, { status: this.accepting ? 'ok' : 'stopping' });
      else sendJson(response, 404, { error: `no route for ${request.method ?? ''} ${path?.slice(0, 100) ?? ''}` });
    } catch (error) {
      if (error instanceof RequestRejected) this.refuse(request, response, error);
      else {
        this.options.dropLog.note('internal_error', (error as Error).stack ?? String(error));
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      }
    }
  }

  private async traces(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pipeline, limits } = this.options;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!pipeline.preflightAllows(origin)) throw new RequestRejected(403, RejectReason.ORIGIN_NOT_ALLOWED, `origin ${origin.slice(0, 200)} is not allowed`);
      response.setHeader('access-control-allow-origin', origin);
      // Beacons (sent on page hide by browsers without keepalive fetch) always carry credentials.
      response.setHeader('access-control-allow-credentials', 'true');
      response.setHeader('vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-methods': CORS_ALLOWED_METHODS,
        'access-control-allow-headers': CORS_ALLOWED_HEADERS,
        'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
      });
      response.end();
      return;
    }
    if (request.method !== 'POST') throw new RequestRejected(405, RejectReason.MALFORMED, `${TRACES_PATH} takes POST`);
    if (!this.accepting) {
      sendJson(response, 503, { error: 'shutting down' }, { 'retry-after': '5' });
      return;
    }

    const peer = request.socket.remoteAddress ?? '';
    const forwardedFor = headerValue(request.headers['x-forwarded-for']);
    const viaCollector = forwardedFor === undefined && origin === undefined && this.options.trustedProxies.has(peer);
    const clientAddress = resolveClientAddress(peer, forwardedFor, this.options.trustedProxies);
    if (!viaCollector) {
      const decision = this.options.rateLimiter.take(this.clientKey(clientAddress));
      if (!decision.allowed) throw new RequestRejected(429, RejectReason.RATE_LIMITED, 'too many requests from this client', decision.retryAfterSeconds);
    }

    const contentType = (headerValue(request.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== PROTOBUF && contentType !== JSON_TYPE) {
      throw new RequestRejected(415, RejectReason.UNSUPPORTED_MEDIA_TYPE, `content-type must be ${PROTOBUF} or ${JSON_TYPE}`);
    }
    const body = decodeContent(await readBody(request, limits), headerValue(request.headers['content-encoding']), limits);
    let decoded: DecodedRequest;
    try {
      decoded = contentType === PROTOBUF ? this.protobuf.decode(body) : this.json.decode(body);
    } catch (error) {
      if (error instanceof MalformedOtlp) throw new RequestRejected(400, RejectReason.MALFORMED, `not an OTLP ExportTraceServiceRequest: ${error.message}`);
      throw error;
    }
    const partial = pipeline.ingest(decoded, {
      transport: 'http',
      ...(origin !== undefined ? { origin } : {}),
      clientAddress,
      viaCollector,
      receivedMs: this.options.clock(),
    });
    if (partial) this.options.dropLog.note(partial.errorMessage, `${partial.rejectedSpans} span(s) of a request`);
    if (contentType === JSON_TYPE) sendJsonText(response, 200, encodeJsonResponse(partial));
    // An empty ExportTraceServiceResponse is zero bytes: headers alone, one write.
    else if (!partial) response.writeHead(200, { 'content-type': PROTOBUF, 'content-length': '0' }).end();
    else {
      const encoded = encodeProtobufResponse(partial);
      response.writeHead(200, { 'content-type': PROTOBUF, 'content-length': encoded.length }).end(encoded);
    }
  }

  /**
   * The rate limiter's key for a client: a seeded 64-bit hash of its address, so the limiter tells
   * clients apart without keeping an address (masked ones would lump a whole /24 together). The
   * seeds are random per start and live in memory only. Not a MAC: nothing outside ever sees a key.
   */
  private clientKey(address: string): string {
    let low = this.clientKeySeeds[0]!;
    let high = this.clientKeySeeds[1]!;
    for (let index = 0; index < address.length; index++) {
      const code = address.charCodeAt(index);
      low = Math.imul(low ^ code, 0x01000193);
      high = Math.imul(high ^ code, 0x5bd1e995);
    }
    return `${(low >>> 0).toString(36)}.${(high >>> 0).toString(36)}`;
  }

  private async serveMetrics(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { contentType, body } = await this.options.metrics.render(headerValue(request.headers.accept));
    response.writeHead(200, { 'content-type': contentType }).end(body);
  }

  private refuse(request: IncomingMessage, response: ServerResponse, rejection: RequestRejected): void {
    this.options.requestRejected(rejection.reason);
    this.options.dropLog.note(rejection.reason, rejection.message);
    const headers: Record<string, string> = {};
    if (rejection.retryAfterSeconds !== undefined) headers['retry-after'] = String(rejection.retryAfterSeconds);
    // A body still streaming in is not read: close the connection rather than drain it.
    if (!request.complete) headers.connection = 'close';
    if (response.headersSent) response.destroy();
    else sendJson(response, rejection.status, { error: rejection.message }, headers);
    if (!request.complete) request.resume();
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(response, status, JSON.stringify(body), headers);
}

/** With its length, not chunked: headers and text leave in one writev. */
function sendJsonText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}
