import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** An OTLP attribute value as JSON carries it, flattened to a plain JS value. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** Duration in milliseconds. */
  durationMs: number;
  attributes: Attributes;
  events: { name: string; timeUnixNano: bigint; attributes: Attributes }[];
  links: { traceId: string; spanId: string; attributes: Attributes }[];
  status: { code: number; message?: string };
  resource: Attributes;
  scope: string;
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonAnyValue[] };
  kvlistValue?: { values?: JsonKeyValue[] };
  bytesValue?: string;
}
interface JsonKeyValue { key: string; value?: JsonAnyValue }

function flattenValue(value: JsonAnyValue | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(flattenValue);
  if (value.kvlistValue) return flattenAttributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

export function flattenAttributes(list: JsonKeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const { key, value } of list ?? []) out[key] = flattenValue(value);
  return out;
}

const nanos = (value: string | number | undefined): bigint => BigInt(value ?? 0);

/**
 * An OTLP/HTTP JSON receiver for tests: what the SDKs under test really send, decoded into spans.
 * Answers CORS preflights so browser pages on another port can post to it.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly requests: ReceivedRequest[] = [];
  private server: Server | undefined;
  private waiters = new Set<() => void>();

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('receiver not started');
    return `http://127.0.0.1:${address.port}`;
  }

  get tracesUrl(): string {
    return `${this.url}/v1/traces`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type');
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        try {
          if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
          this.requests.push({ path: req.url ?? '', headers: req.headers, body });
          if (req.url?.startsWith('/v1/traces')) this.ingest(body, req.headers['content-type'] ?? '');
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (error) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
        }
        for (const wake of this.waiters) wake();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  clear(): void {
    this.spans.length = 0;
    this.requests.length = 0;
  }

  /** Resolves with the spans matching `predicate` once there are at least `count`, or rejects after `timeoutMs`. */
  async waitFor(predicate: (span: ReceivedSpan) => boolean, { count = 1, timeoutMs = 15_000 } = {}): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.spans.filter(predicate);
      if (found.length >= count) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`timed out waiting for ${count} matching span(s); ${found.length} matched of ${this.spans.length} received: ${this.spans.map((s) => `${s.name}[${String(s.attributes['dt.rum.event.type'])}]`).join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 250));
        const waiters = this.waiters;
        function done(): void {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** Spans of one `dt.rum.event.type`. */
  ofType(eventType: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.attributes['dt.rum.event.type'] === eventType);
  }

  private ingest(body: Buffer, contentType: string): void {
    if (!contentType.includes('json')) throw new Error(`test receiver reads OTLP JSON only, got ${contentType}`);
    const request = JSON.parse(body.toString('utf8')) as {
      resourceSpans?: {
        resource?: { attributes?: JsonKeyValue[] };
        scopeSpans?: {
          scope?: { name?: string };
          spans?: {
            traceId: string; spanId: string; parentSpanId?: string; name: string; kind?: number;
            startTimeUnixNano: string; endTimeUnixNano: string; attributes?: JsonKeyValue[];
            events?: { name: string; timeUnixNano: string; attributes?: JsonKeyValue[] }[];
            links?: { traceId: string; spanId: string; attributes?: JsonKeyValue[] }[];
            status?: { code?: number; message?: string };
          }[];
        }[];
      }[];
    };
    for (const resourceSpans of request.resourceSpans ?? []) {
      const resource = flattenAttributes(resourceSpans.resource?.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          const start = nanos(span.startTimeUnixNano);
          const end = nanos(span.endTimeUnixNano);
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind ?? 0,
            startTimeUnixNano: start,
            endTimeUnixNano: end,
            durationMs: Number(end - start) / 1e6,
            attributes: flattenAttributes(span.attributes),
            events: (span.events ?? []).map((event) => ({ name: event.name, timeUnixNano: nanos(event.timeUnixNano), attributes: flattenAttributes(event.attributes) })),
            links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId, attributes: flattenAttributes(link.attributes) })),
            status: { code: span.status?.code ?? 0, ...(span.status?.message ? { message: span.status.message } : {}) },
            resource,
            scope: scopeSpans.scope?.name ?? '',
          });
        }
      }
    }
  }
}
