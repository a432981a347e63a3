// The benchmark's own settings come from BENCH_* environment variables (see README's bench
// paragraph); they change what is measured, never the product. Read through one place.
export function benchEnv(name) {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A positive number from the environment, or `fallback`. */
export function benchEnvNumber(name, fallback) {
  const value = Number(benchEnv(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
