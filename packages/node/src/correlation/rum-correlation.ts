import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SessionBaggageSpanProcessor } from './session-baggage-span-processor.js';

export interface RumCorrelationOptions {
  /**
   * The span processors that export your spans. `NodeSDK` ignores its `traceExporter` once
   * `spanProcessors` is set, so they go here.
   */
  spanProcessors?: SpanProcessor[];
  /** Shorthand for one `BatchSpanProcessor` around this exporter. */
  traceExporter?: SpanExporter;
}

export interface RumCorrelationConfig {
  spanProcessors: SpanProcessor[];
  textMapPropagator: TextMapPropagator;
}

/**
 * The part of a `NodeSDK` configuration that makes server spans join the browser's trace
 * (`traceparent`) and carry its session id (`baggage`):
 *
 *   new NodeSDK({ ...rumCorrelation({ traceExporter }), instrumentations: [new HttpInstrumentation()] })
 *
 * With neither `spanProcessors` nor `traceExporter`, spans go to an OTLP/HTTP exporter configured
 * by the usual `OTEL_EXPORTER_OTLP_*` variables, as `NodeSDK` does by default.
 */
export function rumCorrelation(options: RumCorrelationOptions = {}): RumCorrelationConfig {
  if (options.spanProcessors && options.traceExporter) {
    throw new TypeError('otel-rum: rumCorrelation takes spanProcessors or traceExporter, not both');
  }
  const exporting = options.spanProcessors ?? [new BatchSpanProcessor(options.traceExporter ?? new OTLPTraceExporter())];
  return {
    // First, so the session id is on the span before any other processor sees it.
    spanProcessors: [new SessionBaggageSpanProcessor(), ...exporting],
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  };
}
