#!/usr/bin/env node
// `npm test`: install what a fresh clone lacks (npm install, not npm ci: npm ci here rejects the lockfile for
// the other platforms' optional packages that the registry mirror leaves out), build, typecheck, lint and run every test.
// Extra arguments go to vitest (`npm test -- packages/processor`). The last line of output is
// `N passed, N failed` (tests plus the build, typecheck and lint steps).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-packages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitestArgs = process.argv.slice(2);
let passedSteps = 0;
let failedSteps = 0;

function run(label, command, args, { count = true } = {}) {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  if (count && ok) passedSteps++;
  if (count && !ok) failedSteps++;
  if (!ok) console.log(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
  return ok;
}

function nodeModulesStale() {
  const marker = `${root}node_modules/.package-lock.json`;
  return !existsSync(marker) || statSync(marker).mtimeMs < statSync(`${root}package-lock.json`).mtimeMs;
}

if (nodeModulesStale() && !run('install', 'npm', ['install', '--no-audit', '--no-fund'], { count: false })) process.exit(1);
ensureSystemPackages(['chromium', 'prometheus']);

const built = run('build', 'npm', ['run', 'build']);
run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
run('lint', 'npx', ['eslint', '.']);

const report = `${root}.test-results/vitest.json`;
rmSync(report, { force: true });
let passedTests = 0;
let failedTests = 0;
if (built) {
  run('tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs], { count: false });
  if (existsSync(report)) {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passedTests = results.numPassedTests;
    failedTests = results.numFailedTests;
    // A test file that fails to load runs no test but must still fail the run.
    failedTests += results.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  } else {
    failedTests += 1;
  }
}

const passed = passedSteps + passedTests;
const failed = failedSteps + failedTests;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
