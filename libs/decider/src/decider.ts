/** A fact in the past tense, as a decider produces it: the store adds ids, versions and time. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/**
 * An aggregate as three pure functions. `decide` turns a command into new events (or throws a
 * DomainError for a command that cannot apply); `evolve` folds an event into the state. No I/O:
 * time and identifiers arrive inside the command.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState: () => State;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

/**
 * A command that cannot apply to the current state, named by a stable code and explained for the
 * operator who reads the dead-letter record.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
  from: State = decider.initialState(),
): State {
  return events.reduce(decider.evolve, from);
}

/** Exhaustiveness guard for `switch` over a union: a new case that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
