#!/usr/bin/env node
// The demo shop's command line: `node demo/dist/shop/main.js --port 3000 --rum-endpoint …`.
import { parseArgs } from 'node:util';
import { numberOption } from '../shared/cli.js';
import { DEFAULT_FAULTS } from './faults.js';
import { startTelemetry } from './telemetry.js';

const USAGE = `usage: shop [--port 3000] [--host 127.0.0.1] [--rum-endpoint URL] [--application-id shop]
            [--service-name "Demo Shop"] [--rum-options JSON] [--traces-url URL]
            [--payment-failure-rate 0.2] [--seed N] [--slow-reviews-ms 4000]`;

function parseRumOptions(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError('--rum-options must be a JSON object');
  return parsed as Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'rum-endpoint': { type: 'string' },
      'application-id': { type: 'string' },
      'service-name': { type: 'string' },
      'rum-options': { type: 'string' },
      'traces-url': { type: 'string' },
      'payment-failure-rate': { type: 'string' },
      seed: { type: 'string' },
      'slow-reviews-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const telemetry = startTelemetry({ serviceName: 'shop-backend', tracesUrl: values['traces-url'] });
  // Imported after the instrumentation is in place, so `node:http` is the traced one.
  const { startShop } = await import('./server.js');
  const shop = await startShop({
    port: numberOption(values.port, 'port', 3000),
    host: values.host ?? '127.0.0.1',
    rum: {
      ...parseRumOptions(values['rum-options']),
      applicationId: values['application-id'] ?? 'shop',
      serviceName: values['service-name'] ?? 'Demo Shop',
      endpoint: values['rum-endpoint'] ?? 'http://127.0.0.1:4318/v1/traces',
    },
    faults: {
      seed: numberOption(values.seed, 'seed', Date.now() % 2 ** 31),
      paymentFailureRate: numberOption(values['payment-failure-rate'], 'payment-failure-rate', DEFAULT_FAULTS.paymentFailureRate),
      slowReviewsMs: numberOption(values['slow-reviews-ms'], 'slow-reviews-ms', DEFAULT_FAULTS.slowReviewsMs),
    },
  });
  console.log(`shop listening on ${shop.origin}`);
  const stop = (): void => {
    void shop.close().then(() => telemetry.shutdown()).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`shop: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
});
