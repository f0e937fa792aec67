import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const packages = ['semconv', 'web', 'node', 'processor', 'synthetic'];

// The house rule: @otel-rum/semconv is at the bottom and imported by all; the other packages never
// import each other. Lint enforces it so an accidental import fails CI rather than review.
const noSiblingImports = packages
  .filter((name) => name !== 'semconv')
  .map((name) => ({
    files: [`packages/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: packages.filter((other) => other !== name && other !== 'semconv').map((other) => `@otel-rum/${other}`),
              message: 'Packages never import each other; share through @otel-rum/semconv.',
            },
            {
              group: packages.filter((other) => other !== name).map((other) => `**/packages/${other}/src/**`),
              message: 'Import another package by its name, not by path.',
            },
          ],
        },
      ],
    },
  }));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.test-results/**', '.bench-results/**', 'grafana/dashboards/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    files: ['packages/semconv/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@otel-rum/*'], message: 'semconv is the bottom layer.' }] }] },
  },
  ...noSiblingImports,
);
