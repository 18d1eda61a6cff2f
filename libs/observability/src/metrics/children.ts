/**
 * A metric's children by one label value, created once: prom-client's `labels()` hashes its
 * arguments into a new object on every call, which the hot path (every message) should not pay.
 */
export function childrenBy<Child>(make: (value: string) => Child): (value: string) => Child {
  const children = new Map<string, Child>();
  return (value) => {
    let child = children.get(value);
    if (child === undefined) {
      child = make(value);
      children.set(value, child);
    }
    return child;
  };
}

/** Seconds since `startedMs` (a `performance.now()` reading): histograms observe seconds. */
export const secondsSince = (startedMs: number): number => (performance.now() - startedMs) / 1000;
