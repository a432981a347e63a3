import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The integration tests drive real tmux panes; a slow machine must not fail them.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
