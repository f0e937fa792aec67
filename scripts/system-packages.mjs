// The Debian packages tests and `npm start` use: installed with apt-get when missing and we are
// root (as in CI); otherwise one line says what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BINARIES = {
  chromium: '/usr/bin/chromium',
  prometheus: '/usr/bin/prometheus',
};

export function ensureSystemPackages(names) {
  const missing = names.filter((name) => !existsSync(BINARIES[name]));
  if (missing.length === 0) return true;
  if (process.getuid?.() !== 0) {
    console.log(`Missing Debian packages: ${missing.join(' ')} — install them with: sudo apt-get install -y ${missing.join(' ')}`);
    return false;
  }
  console.log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  return Boolean(install) && install.status === 0;
}
