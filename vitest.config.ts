import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: CI and shared machines are loaded (a test's own deadline is what it asserts, not this).
    testTimeout: 60_000,
    // fast-check's seed: fixed unless FC_SEED says otherwise (test/support/fast-check-seed.ts).
    setupFiles: ['test/support/fast-check-seed.ts'],
    // The SDK's notice about Node 20 support ending in 2027 would print once per test file.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: ['default'],
  },
});
