import { SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_TYPE,
  ATTR_RUM_ERROR_TYPE,
  ATTR_RUM_EVENT_TYPE,
  ATTR_RUM_SESSION_END_REASON,
  ErrorType,
  EventType,
  SessionEndReason,
} from '@otel-rum/semconv';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';

const APP = fileURLToPath(new URL('./fixtures/crashing-app.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface Exit {
  code: number | null;
  stderr: string;
  /** From the moment the app crashed to the moment it was gone. */
  msFromCrashToExit: number;
}

function runApp(...args: string[]): Promise<Exit> {
  const child = spawn(process.execPath, [APP, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const crashedAt = Number(/crashing at (\d+)/.exec(stderr)?.[1]);
      resolve({ code, stderr, msFromCrashToExit: Date.now() - crashedAt });
    });
  });
}

describe('crash reporting in a process that really dies', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first (the crashing app uses the built package)`);
    receiver = await new OtlpReceiver().start();
  });
  afterAll(() => receiver.stop());
  beforeEach(() => receiver.clear());

  const cases = [
    { mode: 'throw', type: 'TypeError', message: 'cannot read the sheet' },
    { mode: 'reject', type: 'RangeError', message: 'row 7 has no id' },
  ];
  for (const { mode, type, message } of cases) {
    it(`reports an uncaught ${mode === 'throw' ? 'exception' : 'rejection'} as a crash, sends it, and exits with code 1`, async () => {
      const exit = await runApp(receiver.tracesUrl, mode);

      expect(exit.code).toBe(1);
      expect(exit.stderr).toContain(`${type}: ${message}`);
      // Everything arrived before the process died; nothing is waited for.
      const crash = receiver.spans.find((span) => span.attributes[ATTR_RUM_ERROR_TYPE] === ErrorType.CRASH);
      expect(crash, 'the crash span').toBeDefined();
      expect(crash!.attributes[ATTR_RUM_EVENT_TYPE]).toBe(EventType.ERROR);
      expect(crash!.status.code).toBe(SpanStatusCode.ERROR);
      expect(crash!.events[0]!.attributes).toMatchObject({ [ATTR_EXCEPTION_TYPE]: type, [ATTR_EXCEPTION_MESSAGE]: message });
      // The action open at the time ends failed, with the crash inside it.
      const [action] = receiver.ofType(EventType.USER_ACTION);
      expect(action!.name).toBe('Import spreadsheet');
      expect(action!.status.code).toBe(SpanStatusCode.ERROR);
      expect(crash!.parentSpanId).toBe(action!.spanId);
      const [end] = receiver.ofType(EventType.SESSION_END);
      expect(end!.attributes[ATTR_RUM_SESSION_END_REASON]).toBe(SessionEndReason.BROWSER_CLOSED);
    });
  }

  it('still exits with code 1 when the endpoint never answers', async () => {
    const sockets = new Set<Socket>();
    const blackHole: Server = createServer(() => undefined);
    blackHole.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blackHole.address() as AddressInfo;
      const exit = await runApp(`http://127.0.0.1:${port}/v1/traces`, 'throw', '300');
      expect(exit.code).toBe(1);
      // Bounded by the 300 ms flush timeout, not by the exporter's own 10 s timeout.
      expect(exit.msFromCrashToExit).toBeLessThan(8000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });
});
