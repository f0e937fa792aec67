import type { ScalarValue } from '../model.js';
import { MalformedOtlp, type AttributeLimits, type DecodedRequest, type DecodedResource, type DecodedSpan } from './types.js';

// OTLP/JSON (the protobuf JSON mapping with OTLP's deviations: hex trace and span ids, int64 as
// strings or numbers, enums as integers), read from JSON.parse output. Anything of the wrong shape is
// `MalformedOtlp`, never a TypeError deep in the pipeline.

/** Span.Status.StatusCode STATUS_CODE_ERROR. */
const STATUS_CODE_ERROR = 2;
const NANOS_PER_MS = 1e6;
const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A repeated field: absent is empty, anything but an array is malformed. */
function list(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedOtlp(`${what} is not an array`);
  return value;
}

function timestampMs(value: unknown, what: string): number {
  if (typeof value === 'string' || typeof value === 'number') {
    const nanos = Number(value);
    if (Number.isFinite(nanos)) return nanos / NANOS_PER_MS;
  }
  if (value === undefined) return 0;
  throw new MalformedOtlp(`${what} is not a number of nanoseconds`);
}

function id(value: unknown, pattern: RegExp, what: string): string {
  if (value === undefined || value === '') return '';
  if (typeof value !== 'string' || !pattern.test(value)) throw new MalformedOtlp(`${what} is not hex of the right length`);
  return value.toLowerCase();
}

export class JsonTraceDecoder {
  private droppedAttributes = 0;
  private truncatedValues = 0;

  constructor(private readonly limits: AttributeLimits) {}

  /** Decodes an `ExportTraceServiceRequest` in OTLP/JSON; throws `MalformedOtlp` when it is not one. */
  decode(body: Buffer): DecodedRequest {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new MalformedOtlp(`not JSON: ${(error as Error).message}`);
    }
    return this.decodeParsed(parsed);
  }

  decodeParsed(parsed: unknown): DecodedRequest {
    if (!isObject(parsed)) throw new MalformedOtlp('an ExportTraceServiceRequest is a JSON object');
    this.droppedAttributes = 0;
    this.truncatedValues = 0;
    const resources: DecodedResource[] = [];
    let spanCount = 0;
    for (const resourceSpans of list(parsed.resourceSpans, 'resourceSpans')) {
      if (!isObject(resourceSpans)) throw new MalformedOtlp('resourceSpans entry is not an object');
      const resource = resourceSpans.resource;
      if (resource !== undefined && !isObject(resource)) throw new MalformedOtlp('resource is not an object');
      const spans: DecodedSpan[] = [];
      for (const scopeSpans of list(resourceSpans.scopeSpans, 'scopeSpans')) {
        if (!isObject(scopeSpans)) throw new MalformedOtlp('scopeSpans entry is not an object');
        for (const span of list(scopeSpans.spans, 'spans')) spans.push(this.span(span));
      }
      spanCount += spans.length;
      if (spans.length > 0) resources.push({ attributes: this.attributes(resource?.attributes), spans });
    }
    return { resources, spanCount, droppedAttributes: this.droppedAttributes, truncatedValues: this.truncatedValues };
  }

  private span(span: unknown): DecodedSpan {
    if (!isObject(span)) throw new MalformedOtlp('span is not an object');
    const status = span.status;
    const name = span.name ?? '';
    if (typeof name !== 'string') throw new MalformedOtlp('span name is not a string');
    return {
      traceId: id(span.traceId, TRACE_ID, 'traceId'),
      spanId: id(span.spanId, SPAN_ID, 'spanId'),
      parentSpanId: id(span.parentSpanId, SPAN_ID, 'parentSpanId'),
      name,
      startTimeMs: timestampMs(span.startTimeUnixNano, 'startTimeUnixNano'),
      endTimeMs: timestampMs(span.endTimeUnixNano, 'endTimeUnixNano'),
      statusError: isObject(status) && (status.code === STATUS_CODE_ERROR || status.code === 'STATUS_CODE_ERROR'),
      attributes: this.attributes(span.attributes),
    };
  }

  private attributes(keyValues: unknown): Record<string, ScalarValue> {
    const attributes: Record<string, ScalarValue> = {};
    let count = 0;
    for (const keyValue of list(keyValues, 'attributes')) {
      if (!isObject(keyValue) || typeof keyValue.key !== 'string') throw new MalformedOtlp('attribute is not a {key, value} object');
      const value = this.scalar(keyValue.value);
      if (value === undefined) continue;
      if (count >= this.limits.maxAttributes) {
        this.droppedAttributes++;
        continue;
      }
      attributes[keyValue.key] = value;
      count++;
    }
    return attributes;
  }

  /** The scalar in an AnyValue; undefined for arrays, maps, bytes and empty values (RUM reads none). */
  private scalar(anyValue: unknown): ScalarValue | undefined {
    if (!isObject(anyValue)) return undefined;
    const { stringValue, boolValue, intValue, doubleValue } = anyValue;
    if (typeof stringValue === 'string') {
      if (stringValue.length <= this.limits.maxValueLength) return stringValue;
      this.truncatedValues++;
      return stringValue.slice(0, this.limits.maxValueLength);
    }
    if (typeof boolValue === 'boolean') return boolValue;
    if (typeof intValue === 'string' || typeof intValue === 'number') {
      const value = Number(intValue);
      if (Number.isFinite(value)) return value;
      throw new MalformedOtlp('intValue is not an integer');
    }
    if (typeof doubleValue === 'number') return doubleValue;
    // The JSON mapping spells NaN and infinities as strings.
    if (typeof doubleValue === 'string') return Number(doubleValue);
    return undefined;
  }
}
