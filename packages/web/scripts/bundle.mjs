// Builds the browser-ready bundles from the compiled ESM: `dist/otel-rum.iife.js` (sets
// `window.OtelRum`) and a minified ESM bundle for size measurement.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${packageDir}dist/index.js`],
  outfile: `${packageDir}dist/otel-rum.iife.js`,
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'OtelRum',
  platform: 'browser',
  target: ['es2020'],
  sourcemap: true,
  legalComments: 'none',
});
