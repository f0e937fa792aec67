// Session rules shared by every producer (web, node) and the processor (SPEC §3).

export interface SessionLimits {
  /** The session ends after this long without a user action. */
  readonly inactivityTimeoutMs: number;
  /** The session ends this long after it started. */
  readonly maxDurationMs: number;
  /** The action after this many starts a new session. */
  readonly maxActions: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = Object.freeze({
  inactivityTimeoutMs: 35 * 60 * 1000,
  maxDurationMs: 8 * 60 * 60 * 1000,
  maxActions: 200,
});

const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;

/** A session id is 32 lowercase hex characters; anything else from the outside is junk. */
export const isValidSessionId = (value: unknown): value is string =>
  typeof value === 'string' && SESSION_ID_PATTERN.test(value);

/** 32 lowercase hex characters from the platform CSPRNG (Web Crypto, in browsers and Node ≥ 19). */
// semconv compiles without DOM or Node typings; both platforms provide this much of Web Crypto.
interface WebCrypto {
  getRandomValues(array: Uint8Array): Uint8Array;
}

export function generateSessionId(): string {
  const bytes = new Uint8Array(16);
  (globalThis as unknown as { crypto: WebCrypto }).crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += byte.toString(16).padStart(2, '0');
  return id;
}
