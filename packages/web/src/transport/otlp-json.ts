import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

// OTLP/HTTP JSON encoding of spans (opentelemetry-proto's JSON mapping: ids as hex, 64-bit integers
// as strings). Written out because the official exporter weighs several kilobytes more than this.

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values: AnyValue[] };
}
interface KeyValue {
  key: string;
  value: AnyValue;
}

function encodeValue(value: AttributeValue | null | undefined): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: (value as (string | number | boolean | null | undefined)[]).map(encodeValue) } };
  return {};
}

export const encodeAttributes = (attributes: Attributes): KeyValue[] =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: encodeValue(value) }));

const nanos = ([seconds, nanoseconds]: HrTime): string => (BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds)).toString();

function encodeSpan(span: ReadableSpan): unknown {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    // OTLP counts span kinds from 1 (0 is "unspecified"); the API from 0.
    kind: span.kind + 1,
    startTimeUnixNano: nanos(span.startTime),
    endTimeUnixNano: nanos(span.endTime),
    attributes: encodeAttributes(span.attributes),
    events: span.events.map((event) => ({ name: event.name, timeUnixNano: nanos(event.time), attributes: encodeAttributes(event.attributes ?? {}) })),
    links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId, attributes: encodeAttributes(link.attributes ?? {}) })),
    status: span.status.message ? { code: span.status.code, message: span.status.message } : { code: span.status.code },
  };
}

/** One OTLP `ExportTraceServiceRequest` for spans that share a resource (one page load has one). */
export function encodeSpans(spans: readonly ReadableSpan[]): string {
  const scopes = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const key = `${span.instrumentationScope.name}@${span.instrumentationScope.version ?? ''}`;
    const list = scopes.get(key);
    if (list) list.push(span);
    else scopes.set(key, [span]);
  }
  const resource = spans[0]?.resource;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: encodeAttributes(resource?.attributes ?? {}) },
        scopeSpans: [...scopes.values()].map((list) => ({
          scope: { name: list[0]!.instrumentationScope.name, version: list[0]!.instrumentationScope.version },
          spans: list.map(encodeSpan),
        })),
      },
    ],
  });
}
