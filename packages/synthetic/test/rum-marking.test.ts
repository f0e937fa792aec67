// A clickpath run through a page that carries the real web SDK (packages/web/dist, built by
// `npm run build`): the RUM spans that page sends are marked synthetic on their resource (the SDK
// reads the runner's page marker) and name the runner in their user agent.
import { existsSync } from 'node:fs';
import {
  ATTR_RUM_EVENT_TYPE, ATTR_RUM_USER_TYPE, ATTR_USER_AGENT_ORIGINAL, ATTR_USER_AGENT_SYNTHETIC_TYPE, isSyntheticUserAgent, SyntheticType, UserType,
} from '@otel-rum/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../test/support/chromium.js';
import { FixtureServer, WEB_IIFE_PATH } from '../../../test/support/fixture-server.js';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { parseConfig, Synthetic } from '../src/index.js';
import { TextSink } from './support.js';

let server: FixtureServer;
let rumReceiver: OtlpReceiver;
let runnerReceiver: OtlpReceiver;
let synthetic: Synthetic;

beforeAll(async () => {
  if (!existsSync(WEB_IIFE_PATH)) throw new Error(`${WEB_IIFE_PATH} is missing: run \`npm run build\` first`);
  [rumReceiver, runnerReceiver] = await Promise.all([new OtlpReceiver().start(), new OtlpReceiver().start()]);
  const options = { applicationId: 'shop', serviceName: 'shop', endpoint: rumReceiver.tracesUrl, transport: { batchDelayMs: 100 } };
  server = new FixtureServer({
    '/shop': `<!doctype html><title>Shop</title>
<script src="/otel-rum.iife.js"></script>
<script>window.rum = OtelRum.initRum(${JSON.stringify(options)});</script>
<button id="add" onclick="fetch('/api/cart', { method: 'POST' }).then(() => { document.getElementById('cart').textContent = '1 item'; })">Add to cart</button>
<p id="cart"></p>`,
  });
  server.route('/api/cart', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":1}'));
  await server.start();
  const config = parseConfig(`
location: lab
telemetry: { tracesEndpoint: "${runnerReceiver.tracesUrl}" }
browser: { executablePath: "${CHROMIUM_PATH}", args: ${JSON.stringify(CHROMIUM_ARGS)} }
monitors:
  - id: add-to-cart
    type: clickpath
    steps:
      - navigate: ${server.origin}/shop
      - click: "#add"
      - assertText: { selector: "#cart", contains: 1 item }
`, { env: {} });
  synthetic = await Synthetic.open(config, { env: {}, log: new TextSink() });
});

afterAll(async () => {
  await synthetic?.shutdown();
  await Promise.all([server?.stop(), rumReceiver?.stop(), runnerReceiver?.stop()]);
});

describe('RUM data of synthetic runs', () => {
  it('marks every span the page sends synthetic, and carries the runner in its user agent', async () => {
    const result = await synthetic.runner.run('add-to-cart');
    expect(result.result).toBe('success');
    // The page's spans leave when its batch delay passes, or on pagehide when the run's context closes.
    const rumSpans = await rumReceiver.waitFor((span) => span.attributes[ATTR_RUM_EVENT_TYPE] === 'user_action', { count: 2 });
    for (const span of rumSpans) {
      const userAgent = String(span.resource[ATTR_USER_AGENT_ORIGINAL]);
      expect(isSyntheticUserAgent(userAgent), userAgent).toBe(true);
      expect(userAgent).toContain('(monitor=add-to-cart; location=lab)');
      expect(span.resource[ATTR_RUM_USER_TYPE]).toBe(UserType.SYNTHETIC);
      expect(span.resource[ATTR_USER_AGENT_SYNTHETIC_TYPE]).toBe(SyntheticType.TEST);
    }
    // The runner's own spans go to its own endpoint, never into the application's RUM data.
    await synthetic.tracing.flush();
    expect(runnerReceiver.spans.some((span) => span.traceId === result.traceId)).toBe(true);
    expect(rumReceiver.spans.some((span) => span.traceId === result.traceId)).toBe(false);
  });
});
