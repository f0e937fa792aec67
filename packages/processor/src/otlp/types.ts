import type { ScalarValue } from '../model.js';

/** One span as OTLP carried it, before the RUM checks and enrichment turn it into a `RumSpan`. */
export interface DecodedSpan {
  /** Lowercase hex. */
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** Epoch milliseconds as the sender's clock had them. */
  readonly startTimeMs: number;
  readonly endTimeMs: number;
  readonly statusError: boolean;
  /** Scalar attributes only; arrays, maps and bytes are not read. */
  readonly attributes: Record<string, ScalarValue>;
}

/** The spans of one resource (one page load or process), whatever scopes they came in. */
export interface DecodedResource {
  readonly attributes: Record<string, ScalarValue>;
  readonly spans: DecodedSpan[];
}

export interface DecodedRequest {
  readonly resources: DecodedResource[];
  readonly spanCount: number;
  /** Attributes beyond the per-span or per-resource count limit, not decoded. */
  readonly droppedAttributes: number;
  /** String values cut to the length limit. */
  readonly truncatedValues: number;
}

export interface AttributeLimits {
  /** Attributes kept per span and per resource; later ones are dropped and counted. */
  readonly maxAttributes: number;
  /** Longest string value kept, in characters; longer ones are cut and counted. */
  readonly maxValueLength: number;
}

/** The request is not valid OTLP: answered 400. */
export class MalformedOtlp extends Error {
  override readonly name = 'MalformedOtlp';
}
