/** Polls `check` until it returns a truthy value or `timeoutMs` passes (test helper, not for product code). */
export async function waitUntil<T>(check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await check();
  while (!last) {
    if (Date.now() > deadline) throw new Error(`waitUntil: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await check();
  }
  return last as NonNullable<T>;
}
