import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall, type ServiceDefinition } from '@grpc/grpc-js';
import { RejectReason } from '@otel-rum/semconv';
import type { LimitsConfig } from '../config/index.js';
import type { DropLog } from '../limits/index.js';
import { encodeProtobufResponse, MalformedOtlp, ProtobufTraceDecoder } from '../otlp/index.js';
import type { IngestPipeline } from '../pipeline.js';

/** The OTLP trace service, with raw bytes in and out: our own reader decodes, not a generic library. */
const TRACE_SERVICE: ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: (bytes: Buffer) => bytes,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (bytes: Buffer) => bytes,
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

export interface GrpcReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly limits: LimitsConfig;
  readonly pipeline: IngestPipeline;
  readonly requestRejected: (reason: RejectReason) => void;
  readonly dropLog: DropLog;
  readonly clock: () => number;
}

/** `ipv4:10.0.0.1:4317`, `ipv6:[::1]:4317` or `10.0.0.1:4317` → the address. */
function peerAddress(peer: string): string {
  const withoutScheme = peer.replace(/^ipv[46]:/, '');
  const bracketed = /^\[([^\]]+)\]/.exec(withoutScheme);
  if (bracketed?.[1]) return bracketed[1];
  const lastColon = withoutScheme.lastIndexOf(':');
  return lastColon > 0 && withoutScheme.indexOf(':') === lastColon ? withoutScheme.slice(0, lastColon) : withoutScheme;
}

/**
 * OTLP/gRPC `TraceService/Export`, for Collectors (the `load_balancing` exporter speaks only gRPC).
 * Senders are servers, so there is no CORS or rate limit; the client address is the `client.address`
 * the Collector noted, else the peer. grpc-js enforces the size cap on the decompressed message.
 */
export class GrpcReceiver {
  private readonly server: Server;
  private readonly decoder: ProtobufTraceDecoder;
  private boundPort = 0;
  private accepting = true;

  constructor(private readonly options: GrpcReceiverOptions) {
    this.server = new Server({ 'grpc.max_receive_message_length': options.limits.maxDecompressedBytes });
    this.decoder = new ProtobufTraceDecoder({ maxAttributes: options.limits.maxAttributesPerSpan, maxValueLength: options.limits.maxAttributeValueLength });
    this.server.addService(TRACE_SERVICE, { Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => this.export(call, callback) });
  }

  async start(): Promise<void> {
    this.boundPort = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(`${this.options.host}:${this.options.port}`, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
    });
  }

  get port(): number {
    return this.boundPort;
  }

  stopAccepting(): void {
    this.accepting = false;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  private export(call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void {
    if (!this.accepting) {
      callback({ code: status.UNAVAILABLE, details: 'shutting down' });
      return;
    }
    try {
      const decoded = this.decoder.decode(call.request);
      const partial = this.options.pipeline.ingest(decoded, {
        transport: 'grpc',
        clientAddress: peerAddress(call.getPeer()),
        viaCollector: true,
        receivedMs: this.options.clock(),
      });
      if (partial) this.options.dropLog.note(partial.errorMessage, `${partial.rejectedSpans} span(s) of a gRPC request`);
      callback(null, encodeProtobufResponse(partial));
    } catch (error) {
      if (error instanceof MalformedOtlp) {
        this.options.requestRejected(RejectReason.MALFORMED);
        this.options.dropLog.note(RejectReason.MALFORMED, `gRPC: ${error.message}`);
        callback({ code: status.INVALID_ARGUMENT, details: `not an OTLP ExportTraceServiceRequest: ${error.message}` });
      } else {
        this.options.dropLog.note('internal_error', (error as Error).stack ?? String(error));
        callback({ code: status.INTERNAL, details: 'internal error' });
      }
    }
  }
}
