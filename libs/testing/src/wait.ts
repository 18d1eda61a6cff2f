const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls until `check` returns a truthy value (returned) or the time is up (throws, naming what was
 * awaited and the last value seen). Tests wait for outcomes, never for fixed sleeps.
 */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await check();
      if (last) return last as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; last: ${String(last)}`);
    }
    await sleep(intervalMs);
  }
}
