import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end test drives tally in a real tmux pane through the agentpool CLI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
