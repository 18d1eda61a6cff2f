import { Decider, DomainError, DomainEvent, fold } from './decider';

/**
 * Given/when/then for deciders, read like the business rule:
 *   spec.given([orderPlaced]).when(cancelOrder).then([orderCancelled])
 * Uses Jest's global expect; only specs call it.
 */
export function deciderSpec<State, Command, Event extends DomainEvent>(decider: Decider<State, Command, Event>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            /** The exact events decided. */
            then(expected: readonly Event[]) {
              expect(run()).toEqual(expected);
            },
            /** Events matching these (partial) shapes, in order. */
            thenMatches(expected: readonly unknown[]) {
              const actual = run();
              expect(actual).toHaveLength(expected.length);
              expect(actual).toEqual(expected.map((e) => expect.objectContaining(e as object)));
            },
            thenNothing() {
              expect(run()).toEqual([]);
            },
            /** Refused with a DomainError of this code (and, optionally, a message matching). */
            thenRefuses(code: string, message?: RegExp) {
              let thrown: unknown;
              try {
                run();
              } catch (err) {
                thrown = err;
              }
              expect(thrown).toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              if (message) expect((thrown as DomainError).message).toMatch(message);
            },
            /** The decided events, for assertions the helpers above do not cover. */
            events: run,
          };
        },
      };
    },
    /** The state after these events, for asserting evolve. */
    stateAfter(events: readonly Event[]): State {
      return fold(decider, events);
    },
  };
}
