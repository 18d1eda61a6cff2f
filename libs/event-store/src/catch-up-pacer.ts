import { AppendNotifications } from './append-notifications';

/**
 * How a reader of the global stream waits once it has caught up: until the store announces
 * committed events in its categories (or `idleMs` passes, as a safety net), so an idle store is not polled. A read
 * right after an announcement that finds nothing yet (an older open transaction still holds the
 * visibility horizon) is tried again soon, backing off (10 ms, 20 ms, ...) to the idle pace.
 */
export class CatchUpPacer {
  private notified = false;
  private poked = false;
  private chasing = 0;
  private wake?: () => void;
  private readonly unsubscribe: () => void;

  constructor(
    notifications: AppendNotifications | undefined,
    private readonly idleMs: number,
    /** The categories the reader reads; appends to others do not wake it. */
    categories?: readonly string[],
  ) {
    const wanted = categories && categories.length > 0 ? new Set(categories) : undefined;
    this.unsubscribe =
      notifications?.subscribe((kind, written) => {
        if (kind === 'committed' && wanted && written && !written.some((c) => wanted.has(c))) return;
        if (kind === 'committed') this.notified = true;
        else this.poked = true;
        this.wake?.();
      }) ?? (() => undefined);
  }

  /** Call before each read: whether an announcement prompted it. */
  beginRead(): boolean {
    const wasNotified = this.notified;
    this.notified = false;
    this.poked = false;
    return wasNotified;
  }

  /** After a read that left nothing to do: waits until there may be something. */
  async idle(found: number, prompted: boolean): Promise<void> {
    this.chasing = found === 0 && (prompted || this.chasing > 0) ? this.chasing + 1 : 0;
    if (this.notified || this.poked) return;
    await this.sleep(this.chasing > 0 && this.chasing <= 8 ? Math.min(this.idleMs, 5 * 2 ** this.chasing) : this.idleMs);
  }

  /** Reads again now (someone waits for the reader to catch up, or it is stopping). */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  close(): void {
    this.unsubscribe();
    this.wake?.();
  }
}
