export { Vault, VaultError } from './vault.js';
export { Redactor } from './redactor.js';
export { CredentialResolver, vaultReferences } from './references.js';
