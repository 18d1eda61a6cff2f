export type ExpectedVersion = 'no_stream' | 'any' | number;

/**
 * The stream moved on between read and append. Retrying the whole unit of work (reload, decide,
 * append) in a new transaction resolves it.
 */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'unknown',
    detail?: string,
  ) {
    super(
      `concurrency conflict on stream ${streamId}: expected version ${String(expected)}, found ${String(actual)}` +
        (detail ? ` (${detail})` : ''),
    );
  }
}

/** Some, but not all, of the event ids in one append were already stored: a caller bug. */
export class EventIdReuseError extends Error {
  override readonly name = 'EventIdReuseError';
  constructor(readonly eventIds: string[]) {
    super(`event ids already stored in another append: ${eventIds.join(', ')}`);
  }
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

/** A lost optimistic-concurrency race: the store's own ConcurrencyError, not anything that shares its name. */
export function isConcurrencyError(err: unknown): err is ConcurrencyError {
  return err instanceof ConcurrencyError;
}

export interface ConflictRetryOptions {
  /** Tries in all, the first one included; the last conflict is thrown when they are spent. */
  attempts: number;
  /** What counts as a lost race (default: the store's ConcurrencyError). */
  isConflict?: (err: unknown) => boolean;
}

/**
 * Runs `work` again, from the start, while it loses an optimistic-concurrency race: each retry
 * reloads what it decides on. Retries are spread by a short random pause that grows with the
 * retries (up to 50 ms), so writers racing for one stream do not keep meeting.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, { attempts, isConflict = isConcurrencyError }: ConflictRetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !isConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}
