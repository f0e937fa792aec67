import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';

/** `shop-login.password`: a credential and its field, as monitors reference them. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
/** Shorter values would be found inside ordinary text and could not be redacted without mangling it. */
const MIN_SECRET_LENGTH = 4;
const FORMAT = 'otel-rum-vault';
const VERSION = 1;
const KEY_LENGTH = 32;
// scrypt at N = 2^15 costs ~50 ms and 32 MiB per open: cheap for a runner, dear for a guesser.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export class VaultError extends Error {
  override name = 'VaultError';
}

interface VaultFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

const scrypt = (passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(passphrase, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));

/** The header is authenticated with the data, so nobody can weaken the KDF parameters unnoticed. */
const associatedData = (file: Pick<VaultFile, 'format' | 'version' | 'kdf' | 'cipher'>): Buffer =>
  Buffer.from(JSON.stringify([file.format, file.version, file.kdf, file.cipher]));

/**
 * Credentials for monitors, in one file encrypted at rest with AES-256-GCM under a key that scrypt
 * derives from a passphrase in the environment. Names and values are both encrypted; a fresh salt
 * and IV are drawn on every save.
 */
export class Vault {
  private constructor(
    readonly path: string,
    private readonly passphrase: string,
    private readonly entries: Map<string, string>,
  ) {}

  /** Opens the vault at `path`; a missing file is an empty vault (the first `add` creates it). */
  static async open(path: string, passphrase: string | undefined, keyEnv = 'OTEL_RUM_VAULT_KEY'): Promise<Vault> {
    if (!passphrase) throw new VaultError(`the vault key is not set: put the vault passphrase in the ${keyEnv} environment variable`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Vault(path, passphrase, new Map());
      throw new VaultError(`cannot read the vault ${path}: ${(error as Error).message}`);
    }
    return new Vault(path, passphrase, await decrypt(path, text, passphrase));
  }

  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): string | undefined {
    return this.entries.get(name);
  }

  /** Every value, for redaction. */
  values(): string[] {
    return [...this.entries.values()];
  }

  set(name: string, value: string): void {
    if (!NAME_PATTERN.test(name)) throw new VaultError(`${JSON.stringify(name)} is not a vault name: use letters, digits, "_", "-", and "." between parts, such as shop-login.password`);
    if (value.length < MIN_SECRET_LENGTH) throw new VaultError(`the value for ${name} is too short: at least ${MIN_SECRET_LENGTH} characters`);
    this.entries.set(name, value);
  }

  delete(name: string): boolean {
    return this.entries.delete(name);
  }

  async save(): Promise<void> {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const header = { format: FORMAT, version: VERSION, kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64') }, cipher: 'aes-256-gcm' } as const;
    const key = await scrypt(this.passphrase, salt, SCRYPT);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(associatedData(header));
    const data = Buffer.concat([cipher.update(JSON.stringify(Object.fromEntries(this.entries)), 'utf8'), cipher.final()]);
    const file: VaultFile = { ...header, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    // Write aside and rename: a crash mid-write must not leave half a vault.
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.path);
  }
}

async function decrypt(path: string, text: string, passphrase: string): Promise<Map<string, string>> {
  let file: VaultFile;
  try {
    file = JSON.parse(text) as VaultFile;
  } catch {
    throw new VaultError(`${path} is not a vault file (not JSON)`);
  }
  if (file.format !== FORMAT || file.version !== VERSION || file.cipher !== 'aes-256-gcm' || file.kdf?.name !== 'scrypt') {
    throw new VaultError(`${path} is not a version ${VERSION} ${FORMAT} file`);
  }
  const { N, r, p } = file.kdf;
  const key = await scrypt(passphrase, Buffer.from(file.kdf.salt, 'base64'), { N, r, p, maxmem: SCRYPT.maxmem });
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
    decipher.setAAD(associatedData(file));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
    return new Map(Object.entries(JSON.parse(plain) as Record<string, string>));
  } catch {
    throw new VaultError(`cannot decrypt the vault ${path}: wrong key, or the file was altered`);
  }
}
