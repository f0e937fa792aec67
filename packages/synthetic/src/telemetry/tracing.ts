import type { Attributes, AttributeValue, Tracer } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@otel-rum/semconv';
import type { TelemetryConfig } from '../config/index.js';
import type { Redactor } from '../vault/index.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';

const EXPORT_TIMEOUT_MS = 3000;

/**
 * The last line of defence for secrets: every string a span carries — name, attributes, events,
 * status — passes through the redactor before it leaves the process.
 */
class RedactingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly redactor: Redactor,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map((span) => this.redactSpan(span)), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  private redactSpan(span: ReadableSpan): ReadableSpan {
    return {
      name: this.redactor.redact(span.name),
      kind: span.kind,
      spanContext: () => span.spanContext(),
      parentSpanContext: span.parentSpanContext,
      startTime: span.startTime,
      endTime: span.endTime,
      status: span.status.message === undefined ? span.status : { ...span.status, message: this.redactor.redact(span.status.message) },
      attributes: this.redactAttributes(span.attributes),
      links: span.links,
      events: span.events.map((event) => ({ ...event, ...(event.attributes ? { attributes: this.redactAttributes(event.attributes) } : {}) })),
      duration: span.duration,
      ended: span.ended,
      resource: span.resource,
      instrumentationScope: span.instrumentationScope,
      droppedAttributesCount: span.droppedAttributesCount,
      droppedEventsCount: span.droppedEventsCount,
      droppedLinksCount: span.droppedLinksCount,
    };
  }

  private redactAttributes(attributes: Attributes): Attributes {
    const out: Attributes = {};
    for (const [key, value] of Object.entries(attributes)) out[key] = this.redactAttribute(value);
    return out;
  }

  private redactAttribute(value: AttributeValue | undefined): AttributeValue | undefined {
    if (typeof value === 'string') return this.redactor.redact(value);
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? this.redactor.redact(item) : item)) as AttributeValue;
    return value;
  }
}

/** The runner's own spans: a tracer provider of its own (never the global one), exporting OTLP/HTTP. */
export class RunTracing {
  private readonly provider: BasicTracerProvider;
  readonly tracer: Tracer;

  constructor(config: TelemetryConfig, redactor: Redactor, { exportDelayMs = 1000 }: { exportDelayMs?: number } = {}) {
    const spanProcessors: SpanProcessor[] = [];
    if (config.tracesEndpoint) {
      // A short export timeout: an unreachable backend must not hold a one-off `run` for long.
      const exporter = new OTLPTraceExporter({ url: config.tracesEndpoint, headers: { ...config.headers }, timeoutMillis: EXPORT_TIMEOUT_MS });
      spanProcessors.push(new BatchSpanProcessor(new RedactingSpanExporter(exporter, redactor), { scheduledDelayMillis: exportDelayMs }));
    }
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName, [ATTR_SERVICE_VERSION]: PACKAGE_VERSION }),
      spanProcessors,
    });
    this.tracer = this.provider.getTracer(PACKAGE_NAME, PACKAGE_VERSION);
  }

  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}
