import coreWebVitals from 'eslint-config-next/core-web-vitals';
import typescript from 'eslint-config-next/typescript';

/** An import of these folders' modules, by alias or relative path, from any depth. */
const paths = (...dirs) => dirs.flatMap((dir) => [`@/${dir}/**`, `**/../${dir}/**`]);

// The layers: app/ and server/ (Next.js) use lib/ (the domain) which uses db/. Tests are not a layer:
// they may reach into any.
const layers = [
  {
    files: ['lib/**/*.{ts,tsx}'],
    message: 'lib/ is the domain and knows nothing of Next.js pages, components or server wrappers: move the Next.js part to server/ and pass what lib needs as arguments.',
    patterns: [{ group: paths('app', 'components', 'server') }],
  },
  {
    files: ['db/**/*.ts'],
    message: 'db/ imports from lib/ only types (`import type`) and @/lib/env: a value from lib would make the schema depend on the domain.',
    patterns: [{ group: [...paths('lib'), '!@/lib/env', '!**/../lib/env'], allowTypeImports: true }],
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    message: 'Components render what they are given and never query: read the data in the page (or a loader in server/) and pass it as props. Types are fine.',
    patterns: [{ group: [...paths('db'), 'drizzle-orm', 'drizzle-orm/**'], allowTypeImports: true }],
  },
];

const config = [
  ...coreWebVitals,
  ...typescript,
  {
    ignores: ['.next/**', 'node_modules/**', '.data/**', '.test-data/**', 'drizzle/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench/results/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layers.map(({ files, message, patterns }) => ({
    files,
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((pattern) => ({ ...pattern, message })) }],
    },
  })),
];

export default config;
