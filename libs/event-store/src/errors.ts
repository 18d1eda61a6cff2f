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

/** A lost optimistic-concurrency race, however it reached the caller (also across package copies). */
export function isConcurrencyError(err: unknown): err is ConcurrencyError {
  return err instanceof ConcurrencyError || (err instanceof Error && err.name === 'ConcurrencyError');
}
