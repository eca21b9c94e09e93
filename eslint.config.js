import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.stryker-tmp/**', '.tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/checks/**/*.ts', 'src/aws/**/*.ts', 'src/engine.ts', 'src/reporters/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // SDK client packages are loaded lazily, on a service's first live call (src/aws/service.ts `load`):
    // a value import would load the package on every run, snapshot replays included.
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/client-*'],
              allowTypeImports: true,
              message: "import only types from SDK client packages; name values in the service spec (load: () => import('…'))",
            },
          ],
        },
      ],
    },
  },
  { files: ['bin/**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
