import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OtlpReceiver } from '../../../test/support/otlp-receiver.js';
import { loadConfig, runCli, Synthetic, Vault, VaultError } from '../src/index.js';
import { stdinOf, TargetServer, TextSink } from './support.js';

const KEY = 'correct horse battery staple';
/** Spaces, quotes and URL metacharacters: the secret must stay hidden in every encoding. */
const PASSWORD = 'p@ss w0rd/"&=;ü';
const TOKEN = 'tok-5f1d2a9c7e';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synthetic-vault-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], { stdin = '', env = { OTEL_RUM_VAULT_KEY: KEY } }: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = new TextSink();
  const stderr = new TextSink();
  return runCli(args, { stdout, stderr, stdin: stdinOf(stdin), env, stopSignal: new Promise(() => undefined) }).then((code) => ({ code, stdout: stdout.text, stderr: stderr.text }));
}

describe('the credential vault', () => {
  it('keeps names and values encrypted at rest, and opens only with the right key', async () => {
    const path = join(dir, 'at-rest.vault');
    const vault = await Vault.open(path, KEY);
    vault.set('shop-login.password', PASSWORD);
    vault.set('shop-login.username', 'alice@example.com');
    await vault.save();
    const stored = await readFile(path, 'utf8');
    for (const plain of [PASSWORD, 'shop-login', 'alice']) expect(stored).not.toContain(plain);
    expect(JSON.parse(stored)).toMatchObject({ format: 'otel-rum-vault', cipher: 'aes-256-gcm', kdf: { name: 'scrypt' } });

    const reopened = await Vault.open(path, KEY);
    expect(reopened.names()).toEqual(['shop-login.password', 'shop-login.username']);
    expect(reopened.get('shop-login.password')).toBe(PASSWORD);

    // A fresh salt and IV on every save: the same content never encrypts the same way twice.
    await reopened.save();
    expect(await readFile(path, 'utf8')).not.toBe(stored);

    await expect(Vault.open(path, 'wrong key')).rejects.toThrow(/cannot decrypt the vault .*wrong key, or the file was altered/);
    await expect(Vault.open(path, undefined, 'SHOP_VAULT_KEY')).rejects.toThrow('put the vault passphrase in the SHOP_VAULT_KEY environment variable');
    const altered = JSON.parse(stored) as { kdf: { N: number } };
    altered.kdf.N = 1024;
    await writeFile(path, JSON.stringify(altered));
    await expect(Vault.open(path, KEY)).rejects.toThrow(/wrong key, or the file was altered/);
    await writeFile(path, 'not a vault');
    await expect(Vault.open(path, KEY)).rejects.toThrow(/not a vault file/);
  });

  it('refuses names it could not reference and values too short to redact', async () => {
    const vault = await Vault.open(join(dir, 'rules.vault'), KEY);
    expect(() => vault.set('shop login', 'long enough')).toThrow(VaultError);
    expect(() => vault.set('shop-login.', 'long enough')).toThrow(/not a vault name/);
    expect(() => vault.set('pin', '123')).toThrow(/too short/);
  });

  it('is managed by the CLI, which takes values on stdin and lists names only', async () => {
    const path = join(dir, 'cli.vault');
    expect(await cli(['vault', 'add', 'shop-login.password', '--vault', path], { stdin: `${PASSWORD}\n` })).toEqual({ code: 0, stdout: `stored shop-login.password in ${path}\n`, stderr: '' });
    expect((await cli(['vault', 'add', 'api.token', '--vault', path], { stdin: TOKEN })).code).toBe(0);
    expect(await cli(['vault', 'list', '--vault', path])).toEqual({ code: 0, stdout: 'api.token\nshop-login.password\n', stderr: '' });
    expect((await Vault.open(path, KEY)).get('shop-login.password')).toBe(PASSWORD);

    expect(await cli(['vault', 'list', '--vault', path], { env: {} })).toMatchObject({ code: 2, stderr: expect.stringMatching(/OTEL_RUM_VAULT_KEY/) });
    expect(await cli(['vault', 'remove', 'nope', '--vault', path])).toMatchObject({ code: 2, stderr: 'the vault has no entry nope\n' });
    expect((await cli(['vault', 'remove', 'api.token', '--vault', path])).code).toBe(0);
    expect((await cli(['vault', 'list', '--vault', path])).stdout).toBe('shop-login.password\n');
  });
});

describe('vault add on a terminal', () => {
  it('reads one line without echoing it', async () => {
    const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first`);
    const path = join(dir, 'tty.vault');
    // script(1) gives the CLI a real pseudo-terminal and relays our writes to it as keystrokes.
    const child = spawn('script', ['-qec', `${process.execPath} ${bin} vault add tty.secret --vault ${path}`, '/dev/null'], {
      env: { PATH: process.env.PATH, OTEL_RUM_VAULT_KEY: KEY },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('(not shown): ')) resolve();
      });
      void exited.then(() => reject(new Error(`exited before prompting: ${output}`)));
    });
    child.stdin.write(`${PASSWORD}\r`);
    expect(await exited).toBe(0);
    expect(output).toMatch(/value for tty\.secret \(not shown\): \r?\nstored tty\.secret in /);
    expect(output).not.toContain('p@ss');
    expect((await Vault.open(path, KEY)).get('tty.secret')).toBe(PASSWORD);
  });
});

describe('vault secrecy', () => {
  let target: TargetServer;
  let receiver: OtlpReceiver;
  let configPath: string;

  beforeAll(async () => {
    [target, receiver] = await Promise.all([new TargetServer().start(), new OtlpReceiver().start()]);
    const vaultPath = join(dir, 'secrecy.vault');
    const vault = await Vault.open(vaultPath, KEY);
    vault.set('shop-login.password', PASSWORD);
    vault.set('api.token', TOKEN);
    await vault.save();
    configPath = join(dir, 'secrecy.yaml');
    // The echo endpoint answers 500 with every secret it was sent, and the assertion that fails
    // quotes that body: the worst case for a leak.
    await writeFile(configPath, `
location: vault-lab
telemetry: { tracesEndpoint: "${receiver.tracesUrl}" }
api: { port: 0 }
vault: { path: secrecy.vault }
monitors:
  - id: login
    type: http
    outage: { consecutiveFailures: 1 }
    requests:
      - name: sign in
        method: POST
        url: "${target.fixture.origin}/echo?token={{vault:api.token}}"
        headers: { authorization: "Bearer {{vault:api.token}}" }
        json: { user: alice, password: "{{vault:shop-login.password}}" }
        assert: { status: 500, bodyContains: [you sent, welcome] }
`);
  });
  afterAll(async () => {
    await Promise.all([target.stop(), receiver.stop()]);
  });

  it('never shows a secret in stdout, stderr, logs, spans, metrics or API answers', async () => {
    const outputs: Record<string, string> = {};
    const plain = await cli(['run', 'login', '--config', configPath]);
    const json = await cli(['run', 'login', '--config', configPath, '--json']);
    expect([plain.code, json.code]).toEqual([1, 1]);
    Object.assign(outputs, { 'run stdout': plain.stdout, 'run stderr': plain.stderr, 'run --json stdout': json.stdout, 'run --json stderr': json.stderr });
    expect(plain.stdout).toMatch(/FAIL sign in \d+ ms: assertion: body does not contain "welcome": "you sent \?token=\[redacted\] Bearer \[redacted\]/);
    expect(JSON.parse(json.stdout)).toMatchObject({ result: 'failure', failure: { reason: 'assertion' }, problem: { open: true } });

    const log = new TextSink();
    const synthetic = await Synthetic.open(await loadConfig(configPath, {}), { env: { OTEL_RUM_VAULT_KEY: KEY }, log });
    await synthetic.start({ schedule: false });
    try {
      const api = synthetic.apiUrl;
      outputs['POST /monitors/login/run'] = await (await fetch(`${api}/monitors/login/run`, { method: 'POST' })).text();
      outputs['GET /monitors'] = await (await fetch(`${api}/monitors`)).text();
      outputs['GET /monitors/login'] = await (await fetch(`${api}/monitors/login`)).text();
      outputs['GET /problems'] = await (await fetch(`${api}/problems`)).text();
      outputs['GET /metrics'] = await (await fetch(`${api}/metrics`)).text();
    } finally {
      await synthetic.shutdown();
    }
    outputs['service log'] = log.text;
    expect(JSON.parse(outputs['GET /problems']!)).toEqual([expect.objectContaining({ monitorId: 'login', location: 'vault-lab' })]);

    outputs['exported spans (raw OTLP)'] = receiver.requests.map((request) => request.body.toString('utf8')).join('\n');
    outputs['exported spans (decoded)'] = JSON.stringify(receiver.spans, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    expect(receiver.spans.filter((span) => span.name === 'synthetic.run login')).toHaveLength(3);

    // The secrets were really used: the server got them in the query, a header and the body.
    expect(target.received).toHaveLength(3);
    for (const request of target.received) {
      expect(new URL(request.url).searchParams.get('token')).toBe(TOKEN);
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(JSON.parse(request.body)).toEqual({ user: 'alice', password: PASSWORD });
    }
    const forms = [PASSWORD, TOKEN, encodeURIComponent(PASSWORD), JSON.stringify(PASSWORD).slice(1, -1), 'p@ss w0rd'];
    for (const [where, text] of Object.entries(outputs)) {
      expect(text.length, where).toBeGreaterThan(0);
      for (const form of forms) expect(text.includes(form), `${where} shows ${form}`).toBe(false);
    }
  });
});
