import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough, Writable } from 'node:stream';
import { FixtureServer } from '../../../test/support/fixture-server.js';

/** How the target answers: up, down (connection dropped), slow, or wrong (200 with the wrong body). */
export type TargetMode = 'up' | 'down' | 'slow' | 'wrong' | 'error';

/**
 * A local service for monitors to watch, switched between behaviours on cue. `/health` answers
 * JSON; `/echo` answers what it was sent; every request is logged with its body.
 */
export class TargetServer {
  mode: TargetMode = 'up';
  slowMs = 1500;
  readonly received: { path: string; headers: IncomingMessage['headers']; body: string; url: string }[] = [];
  readonly fixture = new FixtureServer();

  async start(): Promise<this> {
    this.fixture.route('/health', (req, res, url) => this.health(req, res, url));
    this.fixture.route('/echo', (req, res, url) => this.echo(req, res, url));
    await this.fixture.start();
    return this;
  }

  get origin(): string {
    return this.fixture.origin;
  }

  stop(): Promise<void> {
    return this.fixture.stop();
  }

  private async readBody(req: IncomingMessage, url: URL): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.received.push({ path: url.pathname, headers: req.headers, body, url: url.href });
    return body;
  }

  private async health(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    await this.readBody(req, url);
    switch (this.mode) {
      case 'down':
        req.socket.destroy();
        return;
      case 'error':
        res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
        return;
      case 'wrong':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'degraded', version: 7 }));
        return;
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, this.slowMs));
        break;
      case 'up':
        break;
    }
    if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', version: 7, checks: [{ name: 'db', ok: true }] }));
  }

  /** Answers 500 with everything it got: the worst case for a secret sent to it. */
  private async echo(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = await this.readBody(req, url);
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`you sent ${url.search} ${req.headers.authorization ?? ''} ${body}`);
  }
}

/** A writable that keeps what was written, for asserting on logs and console output. */
export class TextSink extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }

  lines(): Record<string, unknown>[] {
    return this.text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export function stdinOf(text: string): PassThrough {
  const stream = new PassThrough();
  stream.end(text);
  return stream;
}
