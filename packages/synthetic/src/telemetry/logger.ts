import type { Writable } from 'node:stream';
import type { Redactor } from '../vault/index.js';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;

/** One JSON object a line, redacted, on a stream of the caller's choosing (stderr by default). */
export class Logger {
  constructor(
    private readonly out: Writable,
    private readonly redactor: Redactor,
  ) {}

  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
    this.out.write(`${this.redactor.redact(line)}\n`);
  }

  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }
}
