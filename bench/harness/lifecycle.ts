/**
 * A benchmark's life: whatever it starts registers how to stop it, and those stops run once, in
 * reverse order, whether the benchmark ends, fails, is interrupted (Ctrl-C, SIGTERM) or runs out
 * of time. Each stop is bounded too, so a stuck one cannot keep the others from running.
 */
const cleanups: { name: string; run: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(name: string, run: () => Promise<void>): void {
  cleanups.push({ name, run });
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.splice(0).reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          console.error(`cleanup: ${name} did not finish within 60 s; going on`);
          resolve();
        }, 60_000);
      });
      await Promise.race([run().catch((err: Error) => console.error(`cleanup: ${name} failed: ${err.message}`)), bounded]);
      clearTimeout(timer);
    }
  })();
  return cleaning;
}

/** Runs `main` within `timeoutMs`; exits 0 when it resolves, 1 when it throws or times out, 130 on Ctrl-C. */
export function runBench(name: string, timeoutMs: number, main: () => Promise<void>): void {
  let finishing = false;
  const finish = async (code: number, message?: string) => {
    // Once interrupted or timed out, what the stopping makes fail afterwards is no news.
    if (finishing) return;
    finishing = true;
    if (message) console.error(message);
    await cleanUp();
    process.exit(code);
  };
  const watchdog = setTimeout(() => void finish(1, `${name}: gave up after ${Math.round(timeoutMs / 1000)} s (--timeout)`), timeoutMs);
  watchdog.unref();
  process.once('SIGINT', () => void finish(130, `${name}: interrupted; stopping what it started`));
  process.once('SIGTERM', () => void finish(143, `${name}: terminated; stopping what it started`));
  main().then(
    () => finish(0),
    (err: Error) => finish(1, `${name} failed: ${err.stack ?? err.message}`),
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
