// npm run mutate's test run: the whole suite but the end-to-end tests, which run the built dist/ and so
// can never kill a mutant of src/ (leaving them out only saves time; it cannot raise the score).
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(
  base,
  defineConfig({ test: { exclude: [...configDefaults.exclude, '**/*.e2e.test.ts', 'test/aws/lazy-sdk.test.ts'] } }),
);
