import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, type LaunchOptions } from '../../../test/support/chromium.js';
import { FixtureServer, type RouteHandler } from '../../../test/support/fixture-server.js';
import { OtlpReceiver, type ReceivedSpan } from '../../../test/support/otlp-receiver.js';

/** Options as a page passes them to `OtelRum.initRum`; the harness fills in the receiver's endpoint. */
export type PageOptions = Record<string, unknown>;

export interface RumPage {
  head?: string;
  body?: string;
  /** Merged over the defaults (fast batching, this receiver). */
  options?: PageOptions;
  /** Script run after initRum (the API is `window.rum`). */
  script?: string;
}

export const APPLICATION_ID = 'web-core-test-app';

/** The HTML of a page that loads the built IIFE bundle and starts RUM with `options`. */
export function rumPageHtml(receiver: OtlpReceiver, page: RumPage = {}): string {
  const options = {
    applicationId: APPLICATION_ID,
    serviceName: 'web-core-tests',
    serviceVersion: '1.2.3',
    endpoint: receiver.tracesUrl,
    transport: { batchDelayMs: 100, retryDelayMs: 200 },
    ...page.options,
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>test</title>${page.head ?? ''}
<script src="/otel-rum.iife.js"></script>
<script>window.rum = OtelRum.initRum(${JSON.stringify(options)});</script>
</head><body>${page.body ?? ''}<script>${page.script ?? ''}</script></body></html>`;
}

/** A receiver, a fixture server and one Chromium for a test file. */
export class Harness {
  receiver = new OtlpReceiver();
  server = new FixtureServer();
  browser!: Browser;
  private contexts: BrowserContext[] = [];

  constructor(private readonly launchOptions: LaunchOptions = {}) {}

  async start(): Promise<this> {
    await Promise.all([this.receiver.start(), this.server.start()]);
    this.browser = await launchChromium(this.launchOptions);
    return this;
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await Promise.all([this.receiver.stop(), this.server.stop()]);
  }

  /** Serves `page` at `path` (fresh per call) and returns its URL. */
  page(path: string, page: RumPage = {}): string {
    this.server.page(path, rumPageHtml(this.receiver, page));
    return this.server.origin + path;
  }

  route(path: string, handler: RouteHandler): this {
    this.server.route(path, handler);
    return this;
  }

  async newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    return context;
  }

  /** Opens `url` in a new context (a fresh browser profile: no session yet). */
  async open(url: string, context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await this.newContext())).newPage();
    await page.goto(url);
    return page;
  }

  /** Closes every context opened so far (their pages flush on pagehide first). */
  async closeContexts(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((context) => context.close()));
  }
}

/** Spans of the session with id `sessionId`. */
export const inSession = (sessionId: string) => (span: ReceivedSpan): boolean => span.attributes['dt.rum.session.id'] === sessionId;

/** A route answering JSON after `delayMs`, recording the request headers. */
export function jsonRoute(delayMs = 0, status = 200): RouteHandler {
  return (_req, res) => {
    setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}'), delayMs);
  };
}
