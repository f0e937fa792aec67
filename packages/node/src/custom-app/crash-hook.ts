import { inspect } from 'node:util';

/** Node's exit code for a process killed by an uncaught exception. */
const CRASH_EXIT_CODE = 1;

/**
 * Turns an uncaught exception or unhandled rejection into a crash report: `report` records it,
 * `flush` sends it (given at most `flushTimeoutMs`), then the process exits with code 1 as it would
 * have without the hook, after printing the error to stderr as Node does. Returns the uninstaller.
 */
export function installCrashHook(report: (error: unknown) => void, flush: () => Promise<void>, flushTimeoutMs: number): () => void {
  let crashing = false;
  const onFatal = (error: unknown): void => {
    // A second failure while the first is being sent changes nothing: the process is already going.
    if (crashing) return;
    crashing = true;
    process.stderr.write(`${error instanceof Error && error.stack ? error.stack : `Uncaught ${inspect(error)}`}\n`);
    try {
      report(error);
    } catch {
      // Reporting must never stand between a crashed process and its exit.
    }
    const exit = (): never => process.exit(CRASH_EXIT_CODE);
    // Not unref'd: this timer is what keeps the dying process alive until the report has left.
    setTimeout(exit, flushTimeoutMs);
    flush().then(exit, exit);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  return () => {
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
  };
}
