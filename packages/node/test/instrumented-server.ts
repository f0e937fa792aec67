import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { FixtureServer } from '../../../test/support/fixture-server.js';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { addServerTimingTraceparent, rumCorrelation, traceparentMetaTag } from '../src/index.js';

export const BACKEND_SERVICE = 'shop-backend';
export const CHILD_SPAN_NAME = 'load basket';

/**
 * A backend as a user would set it up: `NodeSDK` with the official HTTP instrumentation and
 * `rumCorrelation()`, exporting OTLP to an in-test receiver. It serves `/` (an HTML page carrying
 * its server span in `Server-Timing` and a meta tag, `pageBody` inside), `/api/basket` (JSON, with a
 * child span) and the built web SDK.
 */
export async function startInstrumentedServer(pageBody = ''): Promise<{ server: FixtureServer; receiver: OtlpReceiver; stop(): Promise<void> }> {
  const receiver = await new OtlpReceiver().start();
  const sdk = new NodeSDK({
    serviceName: BACKEND_SERVICE,
    autoDetectResources: false,
    // A short batch delay so each request's spans arrive within the test, not 5 s later.
    ...rumCorrelation({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: receiver.tracesUrl }), { scheduledDelayMillis: 20 })] }),
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
  // The instrumentation patches `http` when it is next required, as in an app started with
  // `node --import ./instrumentation.js`; the test runner loaded it earlier, so require it again.
  createRequire(import.meta.url)('node:http');

  const tracer = trace.getTracer('shop');
  const server = await new FixtureServer()
    .route('/', (_req, res) => sendPage(res, pageBody))
    .route('/api/basket', (_req, res) => {
      tracer.startActiveSpan(CHILD_SPAN_NAME, (span) => {
        span.end();
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":2}');
      });
    })
    .start();
  return {
    server,
    receiver,
    async stop() {
      await server.stop();
      await sdk.shutdown();
      await receiver.stop();
    },
  };
}

function sendPage(res: ServerResponse, body: string): void {
  addServerTimingTraceparent(res);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
    `<!doctype html><html><head>${traceparentMetaTag()}<title>shop</title></head><body>${body}</body></html>`,
  );
}
