export { Vault, VaultError } from './vault.js';
export { Redactor } from './redactor.js';
export { resolveVaultReferences, vaultReferences } from './references.js';
