import { defineConfig } from 'vitest/config';

// Browser tests: Debian's chromium driven by playwright-core against a real collector process.
export default defineConfig({
  test: {
    root: import.meta.dirname + '/../..',
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // Browser tests wait on conditions; on a busy machine one can take longer than the 1 s default.
    expect: { poll: { timeout: 10_000 } },
  },
});
