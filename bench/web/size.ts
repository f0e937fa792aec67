// `npm run bench:web-size`: minified, gzip and brotli bytes of otel-rum's full browser bundle beside
// Grafana Faro (with and without tracing) and Splunk otel-web, all bundled the same way in this run.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildWebSdkBundles } from './bundles.js';

/** Issue 2's budget for the full SDK, gzip. */
const GZIP_BUDGET_BYTES = 30 * 1024;

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

const rows = (await buildWebSdkBundles()).map(({ name, code }) => {
  const raw = Buffer.from(code);
  return {
    name,
    minified: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});

console.log('| SDK (esbuild, minified IIFE, es2020) | minified | gzip -9 | brotli q11 |');
console.log('| --- | ---: | ---: | ---: |');
for (const row of rows) console.log(`| ${row.name} | ${kib(row.minified)} | ${kib(row.gzip)} | ${kib(row.brotli)} |`);

const ours = rows.find((row) => row.name === 'otel-rum')!;
const verdict = ours.gzip <= GZIP_BUDGET_BYTES ? 'PASS' : 'FAIL';
console.log(`\notel-rum gzip ${ours.gzip} B against a budget of ${GZIP_BUDGET_BYTES} B (30 KiB): ${verdict}`);
if (verdict === 'FAIL') process.exitCode = 1;
