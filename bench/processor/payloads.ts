// OTLP trace requests shaped like @otel-rum/web traffic, written by the official OTel serializers:
// ~1.5 KB spans (15 attributes, 0–2 events) under 9 resource attributes, gzip-compressed.

import { gzipSync } from 'node:zlib';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  ActionType,
  ATTR_BROWSER_LANGUAGE,
  ATTR_BROWSER_MOBILE,
  ATTR_BROWSER_PLATFORM,
  ATTR_EXCEPTION_MESSAGE,
    ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RUM_ACTION_NAME,
  ATTR_RUM_ACTION_TARGET,
  ATTR_RUM_ACTION_TYPE,
  ATTR_RUM_APPLICATION_ID,
  ATTR_RUM_BROWSER_WINDOW_WIDTH,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_INSTANCE_ID,
  ATTR_RUM_PAGE_REFERRER,
  ATTR_RUM_SESSION_ID,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_SESSION_ID,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_USER_AGENT_ORIGINAL,
  EventType,
  SPAN_EVENT_EXCEPTION,
} from '@otel-rum/semconv';

export const BENCH_APPLICATION_ID = 'bench-app';

export interface Payload {
  readonly spans: number;
  readonly json: Buffer;
  readonly protobuf: Buffer;
  readonly jsonGzip: Buffer;
  readonly protobufGzip: Buffer;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run sends the same bytes. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (next: () => number, length: number): string => {
  let text = '';
  for (let index = 0; index < length; index++) text += Math.floor(next() * 16).toString(16);
  return text;
};

const PAGES = ['/', '/products', '/product/4711', '/cart', '/checkout', '/checkout/payment', '/account/orders', '/search'];
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/**
 * `batches` requests of `spansPerBatch` spans. Each resource is one page load of one session
 * (`spansPerResource` spans); sessions are distinct across the whole set.
 */
export function buildPayloads({ batches, spansPerBatch, spansPerResource, seed, nowMs }: { batches: number; spansPerBatch: number; spansPerResource: number; seed: number; nowMs: number }): Payload[] {
  const next = random(seed);
  const payloads: Payload[] = [];
  for (let batch = 0; batch < batches; batch++) {
    const spans: ReadableSpan[] = [];
    for (let resourceIndex = 0; resourceIndex < spansPerBatch / spansPerResource; resourceIndex++) {
      const recorded = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          [ATTR_SERVICE_NAME]: 'shop-frontend',
          [ATTR_SERVICE_VERSION]: '3.14.1',
          [ATTR_RUM_APPLICATION_ID]: BENCH_APPLICATION_ID,
          [ATTR_RUM_INSTANCE_ID]: hex(next, 16),
          [ATTR_USER_AGENT_ORIGINAL]: USER_AGENT,
          [ATTR_BROWSER_LANGUAGE]: 'en-US',
          [ATTR_BROWSER_MOBILE]: false,
          [ATTR_BROWSER_PLATFORM]: 'Windows',
          [ATTR_RUM_BROWSER_WINDOW_WIDTH]: 1440,
        }),
        spanProcessors: [new SimpleSpanProcessor(recorded)],
      });
      const tracer = provider.getTracer('@otel-rum/web', '0.1.0');
      const sessionId = hex(next, 32);
      for (let index = 0; index < spansPerResource; index++) {
        const page = PAGES[Math.floor(next() * PAGES.length)]!;
        const url = `https://shop.example.com${page}?v=${Math.floor(next() * 1000)}`;
        const startMs = nowMs - 30_000 + index * 50;
        const isAction = index % 3 === 0;
        const eventType = isAction ? EventType.USER_ACTION : EventType.REQUEST;
        const span = tracer.startSpan(isAction ? 'click on "Add to cart"' : 'GET', {
          startTime: startMs,
          attributes: {
            [ATTR_RUM_SESSION_ID]: sessionId,
            [ATTR_SESSION_ID]: sessionId,
            [ATTR_RUM_EVENT_TYPE]: eventType,
            [ATTR_URL_FULL]: url,
            [ATTR_URL_PATH]: page,
            [ATTR_RUM_PAGE_REFERRER]: 'https://www.example.com/',
            [ATTR_RUM_ACTION_TYPE]: ActionType.XHR,
            [ATTR_RUM_ACTION_NAME]: 'click on "Add to cart"',
            [ATTR_RUM_ACTION_TARGET]: 'form#add-to-cart > button.btn-primary',
            [ATTR_HTTP_REQUEST_METHOD]: 'POST',
            [ATTR_HTTP_RESPONSE_STATUS_CODE]: next() < 0.05 ? 500 : 200,
            [ATTR_SERVER_ADDRESS]: 'api.shop.example.com',
            'http.request.body.size': Math.floor(next() * 4000),
            'http.response.body.size': Math.floor(next() * 40_000),
            'session_properties.plan': 'premium',
          },
        });
        const events = Math.floor(next() * 3);
        for (let event = 0; event < events; event++) {
          span.addEvent(SPAN_EVENT_EXCEPTION, {
            [ATTR_EXCEPTION_TYPE]: 'TypeError',
            [ATTR_EXCEPTION_MESSAGE]: "Cannot read properties of undefined (reading 'price')",
          }, startMs + 5);
        }
        span.end(startMs + 20 + Math.floor(next() * 2000));
      }
      spans.push(...recorded.getFinishedSpans());
    }
    const json = Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);
    const protobuf = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
    payloads.push({ spans: spans.length, json, protobuf, jsonGzip: gzipSync(json), protobufGzip: gzipSync(protobuf) });
  }
  return payloads;
}
