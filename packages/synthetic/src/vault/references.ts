import { SyntheticFailureReason } from '@otel-rum/semconv';
import { MonitorFailure } from '../runner/failure.js';
import type { Vault } from './vault.js';

const REFERENCE = /\{\{\s*vault:([^}\s]+)\s*\}\}/g;

/** The vault names a piece of config text refers to, as `{{vault:shop-login.password}}`. */
export function vaultReferences(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((match) => match[1]!);
}

/** Replaces vault references by their values; only ever called while a run lasts. */
export function resolveVaultReferences(text: string, vault: Vault | undefined): string {
  return text.replace(REFERENCE, (_reference, name: string) => {
    const value = vault?.get(name);
    if (value === undefined) {
      throw new MonitorFailure(SyntheticFailureReason.CREDENTIAL, vault ? `the vault has no entry ${name}` : `${name} is referenced but no vault is configured`);
    }
    return value;
  });
}
