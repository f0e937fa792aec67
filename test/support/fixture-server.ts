import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Where `npm run build` puts the browser-ready bundle the tests load. */
export const WEB_IIFE_PATH = fileURLToPath(new URL('../../packages/web/dist/otel-rum.iife.js', import.meta.url));

/**
 * Serves test pages: `pages` maps a path to HTML (or a file path), `routes` to a handler (slow,
 * failing or JSON endpoints). `/otel-rum.iife.js` serves the built web SDK.
 */
export class FixtureServer {
  private server: Server | undefined;
  readonly requestLog: { method: string; path: string; headers: IncomingMessage['headers'] }[] = [];

  constructor(
    private readonly pages: Record<string, string | { file: string }> = {},
    private readonly routes: Record<string, RouteHandler> = {},
  ) {}

  get origin(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fixture server not started');
    return `http://127.0.0.1:${address.port}`;
  }

  page(path: string, html: string): this {
    this.pages[path] = html;
    return this;
  }

  route(path: string, handler: RouteHandler): this {
    this.routes[path] = handler;
    return this;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    this.requestLog.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers });
    const handler = this.routes[url.pathname];
    if (handler) return handler(req, res, url);
    if (url.pathname === '/otel-rum.iife.js') return this.sendFile(res, WEB_IIFE_PATH);
    const page = this.pages[url.pathname];
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof page === 'string') {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'] }).end(page);
      return;
    }
    return this.sendFile(res, page.file);
  }

  private async sendFile(res: ServerResponse, path: string): Promise<void> {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
  }
}
