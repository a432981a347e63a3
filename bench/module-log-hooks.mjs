// Module loader hooks for module-log.mjs (they run on the loader's own thread).
import { appendFileSync } from 'node:fs';
import { benchEnv } from './bench-env.mjs';

const LOG = benchEnv('BENCH_MODULE_LOG');

export async function load(url, context, nextLoad) {
  if (LOG) appendFileSync(LOG, `${url}\n`);
  return nextLoad(url, context);
}
