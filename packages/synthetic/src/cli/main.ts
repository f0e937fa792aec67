import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { SyntheticResult } from '@otel-rum/semconv';
import { ConfigError, loadConfig, type SyntheticConfig } from '../config/index.js';
import { UnknownMonitorError, type RunResult } from '../runner/index.js';
import { Synthetic } from '../service/index.js';
import { Vault, VaultError } from '../vault/index.js';

export const ExitCode = {
  OK: 0,
  /** The monitor ran and failed. */
  RUN_FAILED: 1,
  /** Bad usage, config or vault: nothing ran. */
  USAGE: 2,
} as const;

export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly env: NodeJS.ProcessEnv;
  /** Resolves when `start` should stop (SIGINT/SIGTERM in the binary). */
  readonly stopSignal: Promise<void>;
}

const DEFAULT_VAULT_KEY_ENV = 'OTEL_RUM_VAULT_KEY';

const USAGE = `usage: otel-rum-synthetic <command> [options]

  run <monitor-id> --config <file> [--json]   run one monitor now; exit 0 when it passed, 1 when it failed
  start --config <file>                       run every monitor on its schedule and serve the HTTP API
  validate --config <file>                    check the config and the vault references, run nothing
  vault add <name> (--vault <file> | --config <file>)
                                              store a credential; the value is read from stdin
  vault list (--vault <file> | --config <file>)
                                              print the credential names (never the values)
  vault remove <name> (--vault <file> | --config <file>)

The vault passphrase comes from the environment (${DEFAULT_VAULT_KEY_ENV}, or the config's vault.keyEnv).
Exit codes: 0 ok, 1 monitor failed, 2 usage, config or vault error.
`;

class UsageError extends Error {}

/** The CLI, with its streams passed in so tests can run it in-process. Returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { config: { type: 'string', short: 'c' }, vault: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return ExitCode.USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr).write(USAGE);
    return values.help ? ExitCode.OK : ExitCode.USAGE;
  }
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, values, io);
      case 'start':
        return await startCommand(values, io);
      case 'validate':
        return await validateCommand(values, io);
      case 'vault':
        return await vaultCommand(rest, values, io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    if (error instanceof UsageError) io.stderr.write(`${error.message}\n\n${USAGE}`);
    else if (error instanceof ConfigError || error instanceof VaultError || error instanceof UnknownMonitorError) io.stderr.write(`${error.message}\n`);
    else throw error;
    return ExitCode.USAGE;
  }
}

interface Flags {
  config?: string | undefined;
  vault?: string | undefined;
  json?: boolean | undefined;
}

async function requireConfig(flags: Flags, io: CliIo): Promise<SyntheticConfig> {
  if (!flags.config) throw new UsageError('--config <file> is required');
  return loadConfig(flags.config, io.env);
}

async function runCommand(args: string[], flags: Flags, io: CliIo): Promise<number> {
  const [monitorId, ...extra] = args;
  if (!monitorId || extra.length > 0) throw new UsageError('run takes one monitor id');
  const config = await requireConfig(flags, io);
  const synthetic = await Synthetic.open(config, { env: io.env, log: io.stderr });
  try {
    const result = await synthetic.runner.run(monitorId);
    io.stdout.write(synthetic.redactor.redact(flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatRun(result)));
    return result.result === SyntheticResult.SUCCESS ? ExitCode.OK : ExitCode.RUN_FAILED;
  } finally {
    await synthetic.shutdown();
  }
}

async function startCommand(flags: Flags, io: CliIo): Promise<number> {
  const config = await requireConfig(flags, io);
  const synthetic = await Synthetic.open(config, { env: io.env, log: io.stderr });
  const missing = synthetic.runner.missingCredentials();
  if (missing.length > 0) {
    await synthetic.shutdown();
    throw new VaultError(`monitors refer to credentials the vault lacks: ${missing.join(', ')}`);
  }
  try {
    await synthetic.start();
  } catch (error) {
    await synthetic.shutdown();
    io.stderr.write(`cannot start the API on ${config.api.host}:${config.api.port}: ${(error as Error).message}\n`);
    return ExitCode.USAGE;
  }
  io.stdout.write(`otel-rum-synthetic: ${config.monitors.length} monitor(s), API on ${synthetic.apiUrl}\n`);
  await io.stopSignal;
  await synthetic.shutdown();
  return ExitCode.OK;
}

async function validateCommand(flags: Flags, io: CliIo): Promise<number> {
  const config = await requireConfig(flags, io);
  const synthetic = await Synthetic.open(config, { env: io.env, log: io.stderr });
  const missing = synthetic.runner.missingCredentials();
  await synthetic.shutdown();
  if (missing.length > 0) throw new VaultError(`monitors refer to credentials the vault lacks: ${missing.join(', ')}`);
  io.stdout.write(`${flags.config}: ${config.monitors.length} monitor(s) valid: ${config.monitors.map((monitor) => `${monitor.id} (${monitor.type})`).join(', ')}\n`);
  return ExitCode.OK;
}

async function vaultCommand(args: string[], flags: Flags, io: CliIo): Promise<number> {
  const [action, name, ...extra] = args;
  let path = flags.vault;
  let keyEnv = DEFAULT_VAULT_KEY_ENV;
  if (!path && flags.config) {
    const config = await loadConfig(flags.config, io.env);
    if (!config.vault) throw new UsageError(`${flags.config} has no vault section`);
    path = config.vault.path;
    keyEnv = config.vault.keyEnv;
  }
  if (!path) throw new UsageError('give the vault file with --vault <file> or --config <file>');
  const vault = await Vault.open(path, io.env[keyEnv], keyEnv);
  switch (action) {
    case 'list':
      if (name !== undefined) throw new UsageError('vault list takes no name');
      io.stdout.write(vault.names().map((entry) => `${entry}\n`).join(''));
      return ExitCode.OK;
    case 'add': {
      if (!name || extra.length > 0) throw new UsageError('vault add takes one name; the value comes from stdin');
      const value = await readSecret(io, name);
      vault.set(name, value);
      await vault.save();
      io.stdout.write(`stored ${name} in ${path}\n`);
      return ExitCode.OK;
    }
    case 'remove': {
      if (!name || extra.length > 0) throw new UsageError('vault remove takes one name');
      if (!vault.delete(name)) throw new VaultError(`the vault has no entry ${name}`);
      await vault.save();
      io.stdout.write(`removed ${name} from ${path}\n`);
      return ExitCode.OK;
    }
    default:
      throw new UsageError(`unknown vault command ${JSON.stringify(action ?? '')}`);
  }
}

/** From a pipe: everything, less one trailing newline. From a terminal: one line, not echoed. */
async function readSecret(io: CliIo, name: string): Promise<string> {
  const stdin = io.stdin as Readable & Partial<Pick<NodeJS.ReadStream, 'isTTY' | 'setRawMode'>>;
  if (!stdin.isTTY || !stdin.setRawMode) return (await readAll(stdin)).replace(/\r?\n$/, '');
  const setRawMode = stdin.setRawMode.bind(stdin);
  // Echo off before the prompt shows: keys typed right after it must not appear.
  setRawMode(true);
  io.stderr.write(`value for ${name} (not shown): `);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void): void => {
      stdin.off('data', onData);
      setRawMode(false);
      stdin.pause();
      io.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish(() => resolve(value));
        if (char === '\u0003' || char === '\u0004') return finish(() => reject(new VaultError('cancelled: nothing stored')));
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function formatRun(run: RunResult): string {
  const mark = (result: string): string => (result === SyntheticResult.SUCCESS ? 'ok  ' : 'FAIL');
  const lines = [`${mark(run.result)} ${run.monitorId} @ ${run.location} (${run.monitorType}) ${Math.round(run.durationMs)} ms${run.thresholdMs !== undefined ? ` (threshold ${run.thresholdMs} ms)` : ''}`];
  for (const step of run.steps) {
    lines.push(`  ${mark(step.result)} ${step.name} ${Math.round(step.durationMs)} ms${step.failure ? `: ${step.failure.reason}: ${step.failure.message}` : ''}`);
  }
  if (run.failure && !run.steps.some((step) => step.failure)) lines.push(`  ${run.failure.reason}: ${run.failure.message}`);
  if (run.problem.open) lines.push(`  problem open since ${run.problem.openedAt} (${run.problem.consecutiveFailures} failed runs in a row)`);
  lines.push(`  trace ${run.traceId}`);
  return `${lines.join('\n')}\n`;
}

