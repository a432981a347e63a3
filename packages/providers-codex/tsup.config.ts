import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.library';

// The scan worker is a module of its own, next to the code that names it (codexTokenLogFormat.scanWorker).
export default defineConfig({
  ...libraryConfig,
  entry: { index: 'src/index.ts', 'codex-token-log-worker': 'src/usage/codex-token-log-worker.ts' },
  dts: { entry: { index: 'src/index.ts' } },
});
