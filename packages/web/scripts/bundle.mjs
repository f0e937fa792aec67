// Builds the browser-ready bundle from the compiled ESM (tsc's `dist/*.js`, which bundlers consume):
// `dist/otel-rum.iife.js`, minified, setting `window.OtelRum`.
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
