import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { rumCorrelation } from '@otel-rum/node';
import { register } from 'node:module';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP traces URL; without it the usual `OTEL_EXPORTER_OTLP_*` variables decide. */
  tracesUrl?: string;
  /** How long finished spans wait to leave in one batch. */
  exportDelayMs?: number;
}

/** Paths whose requests are not worth a span: the static files every page loads. */
const UNTRACED_PATHS = new Set(['/otel-rum.iife.js', '/shop.js', '/style.css', '/healthz', '/favicon.ico']);

/**
 * The backend's OpenTelemetry setup, as the @otel-rum/node README shows it: NodeSDK with the HTTP
 * instrumentation and `rumCorrelation()`, so server spans join the browser's trace and session.
 * Call it before the server module is imported.
 */
export function startTelemetry(options: TelemetryOptions): { shutdown(): Promise<void> } {
  // Lets the instrumentation see ES modules: without it, `import … from 'node:http'` is not traced.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const exporter = new OTLPTraceExporter(options.tracesUrl ? { url: options.tracesUrl } : {});
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    autoDetectResources: false,
    ...rumCorrelation({ spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.exportDelayMs ?? 1_000 })] }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(new URL(req.url ?? '/', 'http://shop').pathname),
        ignoreOutgoingRequestHook: () => true,
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
