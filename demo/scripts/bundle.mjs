// Bundles the shop's browser script (TypeScript) into dist/public/shop.js.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const demoDir = fileURLToPath(new URL('..', import.meta.url));

await build({
  entryPoints: [`${demoDir}src/browser/shop.ts`],
  outfile: `${demoDir}dist/public/shop.js`,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  sourcemap: true,
});
