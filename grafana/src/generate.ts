// `npm run dashboards:generate`: writes the dashboards, rules, rule tests and provisioning from code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts } from './artifacts.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

for (const { path, content } of artifacts()) {
  const target = join(repositoryRoot, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote ${path}`);
}
