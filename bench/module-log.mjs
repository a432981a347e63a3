// Preloaded with NODE_OPTIONS=--import=<this file> by the start-up bench (never during a timed run):
// appends the URL of every ES module the process loads to $BENCH_MODULE_LOG, so the bench can show
// which chunks of the CLI bundle a command loads (the terminal emulator must not be one of them).
import { register } from 'node:module';

register(new URL('./module-log-hooks.mjs', import.meta.url));
