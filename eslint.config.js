// Lint rules that guard what matters (see docs/design.md, "Checks"): the determinism contract, promises that
// nobody awaits, and the usual TypeScript mistakes. Run with `npm run lint` (also part of `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Everything below src/ except the layers allowed to measure wall time (cli/, experiments/, distributed/). */
const simulationLayers = ['src/**/*.ts'];
const wallClockLayers = ['src/cli/**', 'src/experiments/**', 'src/distributed/**'];
const why = 'the simulation layers use virtual time and the seeded RNG only (docs/design.md, determinism contract 1)';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'assembly/**', 'results/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: simulationLayers,
    ignores: wallClockLayers,
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: `Math.random: ${why}` }],
      'no-restricted-globals': [
        'error',
        ...['Date', 'performance', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map((name) => ({
          name,
          message: `${name}: ${why}`,
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:perf_hooks', 'perf_hooks', 'node:timers', 'timers', 'node:timers/promises', 'timers/promises'].map((name) => ({ name, message: `${name}: ${why}` })),
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], ...tseslint.configs.disableTypeChecked, languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly' } } },
);
