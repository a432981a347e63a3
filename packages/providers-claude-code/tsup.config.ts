import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.library';

// The scan worker is a module of its own, next to the code that names it (claudeTokenLogFormat.scanWorker).
export default defineConfig({
  ...libraryConfig,
  entry: { index: 'src/index.ts', 'claude-token-log-worker': 'src/claude-token-log-worker.ts' },
  dts: { entry: { index: 'src/index.ts' } },
});
