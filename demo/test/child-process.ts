import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when it exits by itself or is stopped. */
  readonly exited: Promise<number | string>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, or rejects when it exits or times out. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with the exit code (or the signal's name when it died of it). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Starts a command as its own process group. `stop` signals the whole group, as Ctrl-C in a
 * terminal does, so what the command started hears it too.
 */
export function startProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunningProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const listeners = new Set<() => void>();
  // `close`, not `exit`: also waits for whatever else holds its output open (what it started).
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      output += chunk;
      for (const listener of listeners) listener();
    });
  }
  return {
    child,
    exited,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(output);
          if (match) finish(() => resolve(match));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${pattern} in:\n${output}`))), timeoutMs);
        void exited.then((code) => finish(() => reject(new Error(`process exited (${code}) before printing ${pattern}:\n${output}`))));
        function finish(settle: () => void): void {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        }
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
      return exited;
    },
  };
}

export interface ShopProcess extends RunningProcess {
  readonly origin: string;
}

/** The built demo shop (`demo/dist/shop/main.js`), as `npm start` runs it; on a free port unless `args` name one. */
export async function startShopProcess(args: string[]): Promise<ShopProcess> {
  const shop = startProcess(process.execPath, ['demo/dist/shop/main.js', ...(args.includes('--port') ? [] : ['--port', '0']), ...args]);
  const [, origin] = await shop.waitForOutput(/shop listening on (http:\/\/\S+)/);
  return { ...shop, origin: origin! };
}
