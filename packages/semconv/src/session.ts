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

// Session properties travel as `session_properties.<name>` attributes and become summary fields and
// dashboard columns, so names stay simple identifiers and values stay short scalars.
export const MAX_SESSION_PROPERTY_NAME_LENGTH = 100;
export const MAX_SESSION_PROPERTY_VALUE_LENGTH = 1000;
const SESSION_PROPERTY_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Lowercase letters, digits and `_`, starting with a letter, at most 100 characters. */
export const isValidSessionPropertyName = (name: unknown): name is string =>
  typeof name === 'string' && name.length <= MAX_SESSION_PROPERTY_NAME_LENGTH && SESSION_PROPERTY_NAME_PATTERN.test(name);

export type SessionPropertyValue = string | number | boolean;

/** A string of at most 1000 characters, a finite number, or a boolean. */
export const isValidSessionPropertyValue = (value: unknown): value is SessionPropertyValue =>
  (typeof value === 'string' && value.length <= MAX_SESSION_PROPERTY_VALUE_LENGTH) ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  typeof value === 'boolean';
