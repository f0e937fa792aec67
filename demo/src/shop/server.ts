import { addServerTimingTraceparent } from '@otel-rum/node';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ShopApi } from './api.js';
import { DEFAULT_FAULTS, FaultSwitch, type FaultOptions } from './faults.js';
import { renderPage, type RumPageConfig } from './pages.js';

export interface ShopOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** What every page passes to `OtelRum.initRum`. */
  rum: RumPageConfig;
  faults?: Partial<FaultOptions>;
}

export interface RunningShop {
  readonly origin: string;
  close(): Promise<void>;
}

// `demo/src/shop` when run from sources, `demo/dist/shop` when built: the same depth either way.
const demoDir = new URL('../../', import.meta.url);
const STATIC_FILES: Record<string, { file: URL; contentType: string; hint: string }> = {
  '/otel-rum.iife.js': { file: new URL('../packages/web/dist/otel-rum.iife.js', demoDir), contentType: 'text/javascript; charset=utf-8', hint: 'npm run build -w @otel-rum/web' },
  '/shop.js': { file: new URL('dist/public/shop.js', demoDir), contentType: 'text/javascript; charset=utf-8', hint: 'npm run build -w @otel-rum/demo' },
  '/style.css': { file: new URL('public/style.css', demoDir), contentType: 'text/css; charset=utf-8', hint: 'part of the repository' },
};

function loadStaticFiles(): Map<string, { body: Buffer; contentType: string }> {
  const files = new Map<string, { body: Buffer; contentType: string }>();
  for (const [path, { file, contentType, hint }] of Object.entries(STATIC_FILES)) {
    const filePath = fileURLToPath(file);
    if (!existsSync(filePath)) throw new Error(`demo shop: ${filePath} is missing (${hint})`);
    files.set(path, { body: readFileSync(filePath), contentType });
  }
  return files;
}

/** The demo shop: HTML pages with the web SDK, the JSON API with its faults, the static files. */
export async function startShop(options: ShopOptions): Promise<RunningShop> {
  const staticFiles = loadStaticFiles();
  const api = new ShopApi(new FaultSwitch({ ...DEFAULT_FAULTS, ...options.faults }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://shop').pathname;
    if (await api.handle(req, res, path)) return;
    const file = staticFiles.get(path);
    if (file) {
      res.writeHead(200, { 'content-type': file.contentType }).end(file.body);
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const html = req.method === 'GET' ? renderPage(path, options.rum) : undefined;
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // The page's load action joins the backend span that rendered it (the meta tag says the same).
    addServerTimingTraceparent(res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('demo shop: request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
