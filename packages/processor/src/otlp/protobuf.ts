import type { ScalarValue } from '../model.js';
import { MalformedOtlp, type AttributeLimits, type DecodedRequest, type DecodedResource, type DecodedSpan } from './types.js';

// A wire-level reader of `ExportTraceServiceRequest` that reads only what RUM uses and skips the rest
// (events, links, scopes, array and map values) without decoding it. Generic protobuf libraries build
// every message and top out near a third of the throughput goal; this one builds the spans directly.
//
// Field numbers from opentelemetry-proto (collector/trace/v1, trace/v1, common/v1, resource/v1).

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** Span.Status.StatusCode STATUS_CODE_ERROR. */
const STATUS_CODE_ERROR = 2;
/** AnyValue.string_value: field 1, length-delimited. */
const STRING_VALUE_TAG = (1 << 3) | WIRE_LEN;
const TWO_POW_32 = 4294967296;
const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;
const NANOS_PER_MS = 1e6;

/** Node's own slice methods: the fastest way from bytes to a string (not in @types/node). */
interface NativeBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}

const KEY_TABLE_SIZE = 1024;
const MAX_INTERNED_LENGTH = 64;
/** Attribute positions whose last key is remembered (spans of one SDK list their keys in one order). */
const PREDICTED_POSITIONS = 64;
/** Resource attributes predict from their own positions, after the spans'. */
const RESOURCE_POSITIONS = 32;
const EMPTY: DataView = new DataView(new ArrayBuffer(0));

/** Attribute positions past the remembered ones share the last slot. */
const predictionSlot = (position: number): number => (position < PREDICTED_POSITIONS ? position : PREDICTED_POSITIONS - 1);

/** Whether `a[aStart, aEnd)` and `b[bStart, bEnd)` hold the same bytes, compared four at a time. */
function sameBytes(a: DataView, aStart: number, aEnd: number, b: DataView, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (bEnd - bStart !== length) return false;
  let index = 0;
  for (; index + 4 <= length; index += 4) if (a.getInt32(aStart + index) !== b.getInt32(bStart + index)) return false;
  for (; index < length; index++) if (a.getUint8(aStart + index) !== b.getUint8(bStart + index)) return false;
  return true;
}

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Interned attribute keys. Keys repeat in every span, so comparing bytes beats decoding and
 * allocating a string, and a key that is always the same string object makes the property store
 * cheap. First guess: the key this attribute position had last time (one comparison); then a
 * direct-mapped table by hash.
 */
class KeyInterner {
  private readonly predictedBytes: DataView[] = new Array<DataView>(PREDICTED_POSITIONS).fill(EMPTY);
  private readonly predictedKeys: string[] = new Array<string>(PREDICTED_POSITIONS).fill('');
  private readonly bytes: DataView[] = new Array<DataView>(KEY_TABLE_SIZE).fill(EMPTY);
  private readonly keys: string[] = new Array<string>(KEY_TABLE_SIZE).fill('');

  get(position: number, buffer: NativeBuffer, view: DataView, start: number, end: number): string {
    const length = end - start;
    if (length > MAX_INTERNED_LENGTH) return buffer.utf8Slice(start, end);
    const predicted = predictionSlot(position);
    const predictedBytes = this.predictedBytes[predicted]!;
    if (sameBytes(predictedBytes, 0, predictedBytes.byteLength, view, start, end)) return this.predictedKeys[predicted]!;
    let hash = 0x811c9dc5;
    for (let index = start; index < end; index++) hash = Math.imul(hash ^ buffer[index]!, 0x01000193);
    const slot = (hash >>> 0) & (KEY_TABLE_SIZE - 1);
    let key: string;
    const slotBytes = this.bytes[slot]!;
    if (sameBytes(slotBytes, 0, slotBytes.byteLength, view, start, end)) key = this.keys[slot]!;
    else {
      key = buffer.utf8Slice(start, end);
      // A copy: a view would keep the whole request body alive.
      this.bytes[slot] = viewOf(new Uint8Array(buffer.subarray(start, end)));
      this.keys[slot] = key;
    }
    this.predictedBytes[predicted] = this.bytes[slot]!;
    this.predictedKeys[predicted] = key;
    return key;
  }
}

/**
 * String values of one request that repeat the value the same attribute position had last: a span's
 * session id, event type, action name and most other values are those of the span before it. Only
 * offsets into the current body are kept, so nothing outlives the request.
 */
class RepeatedValues {
  private readonly starts = new Int32Array(PREDICTED_POSITIONS);
  private readonly ends = new Int32Array(PREDICTED_POSITIONS);
  private readonly values: string[] = new Array<string>(PREDICTED_POSITIONS).fill('');

  /** Forgets the last request's offsets (an end before its start matches no value, not even ''). */
  reset(): void {
    this.starts.fill(0);
    this.ends.fill(-1);
  }

  get(position: number, buffer: NativeBuffer, view: DataView, start: number, end: number): string {
    const slot = predictionSlot(position);
    if (end - start <= MAX_INTERNED_LENGTH && sameBytes(view, this.starts[slot]!, this.ends[slot]!, view, start, end)) return this.values[slot]!;
    const value = buffer.utf8Slice(start, end);
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.values[slot] = value;
    return value;
  }
}

export class ProtobufTraceDecoder {
  private buffer!: NativeBuffer;
  /** The same bytes, for comparing four at a time. */
  private view: DataView = EMPTY;
  private position = 0;
  private droppedAttributes = 0;
  private truncatedValues = 0;
  private spanCount = 0;
  private readonly keys = new KeyInterner();
  private readonly repeatedValues = new RepeatedValues();

  constructor(private readonly limits: AttributeLimits) {}

  /** Decodes an `ExportTraceServiceRequest`; throws `MalformedOtlp` when the bytes are not one. */
  decode(body: Buffer): DecodedRequest {
    this.buffer = body as NativeBuffer;
    this.view = viewOf(body);
    this.position = 0;
    this.droppedAttributes = 0;
    this.truncatedValues = 0;
    this.spanCount = 0;
    this.repeatedValues.reset();
    const resources: DecodedResource[] = [];
    const end = body.length;
    try {
      while (this.position < end) {
        const tag = this.varint();
        if (tag >>> 3 === 1 && (tag & 7) === WIRE_LEN) {
          const resource = this.resourceSpans(this.lengthDelimitedEnd(end));
          if (resource.spans.length > 0) resources.push(resource);
        } else this.skip(tag & 7, end);
      }
      this.checkEnd(end);
    } finally {
      // The decoder outlives the request; the body must not.
      this.buffer = undefined as unknown as NativeBuffer;
      this.view = EMPTY;
    }
    return { resources, spanCount: this.spanCount, droppedAttributes: this.droppedAttributes, truncatedValues: this.truncatedValues };
  }

  private resourceSpans(end: number): DecodedResource {
    let attributes: Record<string, ScalarValue> = {};
    const spans: DecodedSpan[] = [];
    while (this.position < end) {
      const tag = this.varint();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WIRE_LEN) attributes = this.resource(this.lengthDelimitedEnd(end));
      else if (field === 2 && (tag & 7) === WIRE_LEN) this.scopeSpans(this.lengthDelimitedEnd(end), spans);
      else this.skip(tag & 7, end);
    }
    this.checkEnd(end);
    return { attributes, spans };
  }

  private resource(end: number): Record<string, ScalarValue> {
    const attributes: Record<string, ScalarValue> = {};
    let count = 0;
    while (this.position < end) {
      const tag = this.varint();
      if (tag >>> 3 === 1 && (tag & 7) === WIRE_LEN) {
        const keyValueEnd = this.lengthDelimitedEnd(end);
        if (count < this.limits.maxAttributes) {
          if (this.keyValue(keyValueEnd, attributes, RESOURCE_POSITIONS + count)) count++;
        } else {
          this.droppedAttributes++;
          this.position = keyValueEnd;
        }
      } else this.skip(tag & 7, end);
    }
    this.checkEnd(end);
    return attributes;
  }

  private scopeSpans(end: number, spans: DecodedSpan[]): void {
    while (this.position < end) {
      const tag = this.varint();
      if (tag >>> 3 === 2 && (tag & 7) === WIRE_LEN) {
        spans.push(this.span(this.lengthDelimitedEnd(end)));
        this.spanCount++;
      } else this.skip(tag & 7, end);
    }
    this.checkEnd(end);
  }

  private span(end: number): DecodedSpan {
    const buffer = this.buffer;
    let traceId = '';
    let spanId = '';
    let parentSpanId = '';
    let name = '';
    let startTimeMs = 0;
    let endTimeMs = 0;
    let statusError = false;
    const attributes: Record<string, ScalarValue> = {};
    let attributeCount = 0;
    while (this.position < end) {
      const tag = this.varint();
      const wire = tag & 7;
      switch (tag >>> 3) {
        case 1:
          traceId = this.idField(wire, end, TRACE_ID_BYTES);
          break;
        case 2:
          spanId = this.idField(wire, end, SPAN_ID_BYTES);
          break;
        case 4:
          parentSpanId = this.idField(wire, end, SPAN_ID_BYTES);
          break;
        case 5: {
          if (wire !== WIRE_LEN) throw new MalformedOtlp('span name is not a string');
          const nameEnd = this.lengthDelimitedEnd(end);
          name = buffer.utf8Slice(this.position, nameEnd);
          this.position = nameEnd;
          break;
        }
        case 7:
          startTimeMs = this.fixed64Ms(wire, end);
          break;
        case 8:
          endTimeMs = this.fixed64Ms(wire, end);
          break;
        case 9: {
          if (wire !== WIRE_LEN) throw new MalformedOtlp('span attribute is not a message');
          const keyValueEnd = this.lengthDelimitedEnd(end);
          if (attributeCount < this.limits.maxAttributes) {
            if (this.keyValue(keyValueEnd, attributes, attributeCount)) attributeCount++;
          } else {
            this.droppedAttributes++;
            this.position = keyValueEnd;
          }
          break;
        }
        case 15:
          if (wire !== WIRE_LEN) throw new MalformedOtlp('span status is not a message');
          statusError = this.statusIsError(this.lengthDelimitedEnd(end));
          break;
        default:
          this.skip(wire, end);
      }
    }
    this.checkEnd(end);
    return { traceId, spanId, parentSpanId, name, startTimeMs, endTimeMs, statusError, attributes };
  }

  private statusIsError(end: number): boolean {
    let code = 0;
    while (this.position < end) {
      const tag = this.varint();
      if (tag >>> 3 === 3 && (tag & 7) === WIRE_VARINT) code = this.varint();
      else this.skip(tag & 7, end);
    }
    this.checkEnd(end);
    return code === STATUS_CODE_ERROR;
  }

  /** Reads one KeyValue into `into`; false when its value is not a scalar (and so not kept). */
  private keyValue(end: number, into: Record<string, ScalarValue>, position: number): boolean {
    const buffer = this.buffer;
    let key: string | undefined;
    let value: ScalarValue | undefined;
    while (this.position < end) {
      const tag = this.varint();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WIRE_LEN) {
        const keyEnd = this.lengthDelimitedEnd(end);
        key = this.keys.get(position, buffer, this.view, this.position, keyEnd);
        this.position = keyEnd;
      } else if (field === 2 && (tag & 7) === WIRE_LEN) {
        value = this.anyValue(this.lengthDelimitedEnd(end), position);
      } else this.skip(tag & 7, end);
    }
    this.checkEnd(end);
    if (key === undefined || value === undefined) return false;
    into[key] = value;
    return true;
  }

  private anyValue(end: number, position: number): ScalarValue | undefined {
    // Most values are one short string and nothing else: its tag, a one-byte length, its bytes.
    const length = this.buffer[this.position + 1]!;
    const start = this.position + 2;
    if (this.buffer[this.position] === STRING_VALUE_TAG && length < 0x80 && start + length === end) {
      this.position = end;
      return this.stringValue(start, end, position);
    }
    let value: ScalarValue | undefined;
    while (this.position < end) {
      const tag = this.varint();
      const wire = tag & 7;
      switch (tag >>> 3) {
        case 1: {
          if (wire !== WIRE_LEN) throw new MalformedOtlp('string value is not length-delimited');
          const stringEnd = this.lengthDelimitedEnd(end);
          value = this.stringValue(this.position, stringEnd, position);
          this.position = stringEnd;
          break;
        }
        case 2:
          if (wire !== WIRE_VARINT) throw new MalformedOtlp('bool value is not a varint');
          value = this.varint() !== 0;
          break;
        case 3:
          if (wire !== WIRE_VARINT) throw new MalformedOtlp('int value is not a varint');
          value = this.int64();
          break;
        case 4:
          if (wire !== WIRE_I64) throw new MalformedOtlp('double value is not 64-bit');
          if (this.position + 8 > end) throw new MalformedOtlp('truncated double value');
          value = this.buffer.readDoubleLE(this.position);
          this.position += 8;
          break;
        default:
          // array, kvlist and bytes values: RUM reads none.
          this.skip(wire, end);
      }
    }
    this.checkEnd(end);
    return value;
  }

  private stringValue(start: number, end: number, position: number): string {
    const length = end - start;
    // Characters ≤ bytes, so only a value with more bytes than the limit can be too long.
    if (length <= this.limits.maxValueLength) return this.repeatedValues.get(position, this.buffer, this.view, start, end);
    const text = this.buffer.utf8Slice(start, end);
    if (text.length <= this.limits.maxValueLength) return text;
    this.truncatedValues++;
    return text.slice(0, this.limits.maxValueLength);
  }

  /** A trace or span id as lowercase hex; empty stays empty (no parent). */
  private idField(wire: number, end: number, size: number): string {
    if (wire !== WIRE_LEN) throw new MalformedOtlp('id is not length-delimited');
    const idEnd = this.lengthDelimitedEnd(end);
    if (idEnd !== this.position && idEnd - this.position !== size) throw new MalformedOtlp(`id of ${idEnd - this.position} bytes, expected ${size}`);
    const id = this.buffer.hexSlice(this.position, idEnd);
    this.position = idEnd;
    return id;
  }

  private fixed64Ms(wire: number, end: number): number {
    if (wire !== WIRE_I64) throw new MalformedOtlp('timestamp is not fixed64');
    const position = this.position;
    if (position + 8 > end) throw new MalformedOtlp('truncated timestamp');
    const buffer = this.buffer;
    const low = (buffer[position]! | (buffer[position + 1]! << 8) | (buffer[position + 2]! << 16)) + buffer[position + 3]! * 0x1000000;
    const high = (buffer[position + 4]! | (buffer[position + 5]! << 8) | (buffer[position + 6]! << 16)) + buffer[position + 7]! * 0x1000000;
    this.position = position + 8;
    return (high * TWO_POW_32 + low) / NANOS_PER_MS;
  }

  /** An unsigned varint of up to 35 bits (tags, lengths, enums); longer ones are read and cut. */
  private varint(): number {
    const buffer = this.buffer;
    let position = this.position;
    let byte = buffer[position++]!;
    let value = byte & 0x7f;
    if (byte >= 0x80) {
      byte = buffer[position++]!;
      value |= (byte & 0x7f) << 7;
      if (byte >= 0x80) {
        byte = buffer[position++]!;
        value |= (byte & 0x7f) << 14;
        if (byte >= 0x80) {
          byte = buffer[position++]!;
          value |= (byte & 0x7f) << 21;
          if (byte >= 0x80) {
            byte = buffer[position++]!;
            value += (byte & 0x7f) * 0x10000000;
            while (byte >= 0x80 && position < buffer.length) byte = buffer[position++]!;
          }
        }
      }
    }
    if (position > buffer.length || byte >= 0x80) throw new MalformedOtlp('truncated varint');
    this.position = position;
    return value;
  }

  /** A signed 64-bit varint as a number (exact up to 2^53). */
  private int64(): number {
    const buffer = this.buffer;
    let position = this.position;
    let low = 0;
    let high = 0;
    let byte = 0;
    let shift = 0;
    for (; shift < 28; shift += 7) {
      byte = buffer[position++]!;
      low |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    if (byte >= 0x80) {
      byte = buffer[position++]!;
      low |= (byte & 0x7f) << 28;
      high = (byte & 0x7f) >> 4;
      for (shift = 3; byte >= 0x80 && shift < 32; shift += 7) {
        byte = buffer[position++]!;
        high |= (byte & 0x7f) << shift;
      }
    }
    if (position > buffer.length || byte >= 0x80) throw new MalformedOtlp('truncated varint');
    this.position = position;
    return (high | 0) * TWO_POW_32 + (low >>> 0);
  }

  private lengthDelimitedEnd(parentEnd: number): number {
    const length = this.varint();
    const end = this.position + length;
    if (end > parentEnd) throw new MalformedOtlp('length-delimited field runs past its message');
    return end;
  }

  private skip(wire: number, end: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.int64();
        break;
      case WIRE_I64:
        this.position += 8;
        break;
      case WIRE_LEN:
        this.position = this.lengthDelimitedEnd(end);
        break;
      case WIRE_I32:
        this.position += 4;
        break;
      default:
        throw new MalformedOtlp(`unsupported wire type ${wire}`);
    }
    if (this.position > end) throw new MalformedOtlp('field runs past its message');
  }

  private checkEnd(end: number): void {
    if (this.position !== end) throw new MalformedOtlp('message runs past its length');
  }
}
