import { SyntheticFailureReason } from '@otel-rum/semconv';
import type { JsonValue } from '../config/index.js';
import { MonitorFailure } from '../runner/failure.js';
import type { Vault } from './vault.js';

const REFERENCE = /\{\{\s*vault:([^}\s]+)\s*\}\}/g;
const WHOLE_REFERENCE = /^\{\{\s*vault:[^}\s]+\s*\}\}$/;

/** The vault names a piece of config text refers to, as `{{vault:shop-login.password}}`. */
export function vaultReferences(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((match) => match[1]!);
}

/**
 * Fills in `{{vault:…}}` references while a run lasts, each in the encoding of where it stands, so
 * that a password with quotes or ampersands still makes valid JSON or a valid URL.
 */
export class CredentialResolver {
  constructor(private readonly vault: Vault | undefined) {}

  text(text: string): string {
    return this.fill(text, (value) => value);
  }

  /** A reference inside a URL is percent-encoded; one that is the whole URL is taken as it is. */
  url(url: string): string {
    return WHOLE_REFERENCE.test(url) ? this.text(url) : this.fill(url, encodeURIComponent);
  }

  /** Fills references inside the strings of a JSON value (before it is serialised). */
  json(value: JsonValue): JsonValue {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.json(item)]));
    return value;
  }

  private fill(text: string, encode: (value: string) => string): string {
    return text.replace(REFERENCE, (_reference, name: string) => {
      const value = this.vault?.get(name);
      if (value === undefined) {
        throw new MonitorFailure(SyntheticFailureReason.CREDENTIAL, this.vault ? `the vault has no entry ${name}` : `${name} is referenced but no vault is configured`);
      }
      return encode(value);
    });
  }
}
