import { InventoryEvent, StreamIds } from '@orderflow/contracts';
import { Decider, DomainError } from '@orderflow/decider';
import { ConcurrencyError, streamVersions } from '@orderflow/event-store';
import { Loaded, SnapshotPolicy, UnitOfWork } from '@orderflow/platform';
import { ReservationCommand, reservationDecider, ReservationEvent, ReservationState } from '../domain/reservation.decider';
import { ProductionCommand, productionDecider, ProductionEvent, ProductionState } from '../domain/production.decider';
import { RestockCommand, restockDecider, RestockEvent } from '../domain/restock.decider';
import { STOCK_SNAPSHOT, StockCommand, stockDecider, StockEvent, StockState } from '../domain/stock.decider';

interface OpenStream<State, Command, Event extends InventoryEvent> {
  decider: Decider<State, Command, Event>;
  snapshot?: SnapshotPolicy;
  loaded: Loaded<State>;
  /** The loaded state with the events decided so far folded in. */
  state: State;
  decided: Event[];
}

/**
 * The stock, reservation, restock and production streams one unit of work touches. Commands are decided against the
 * state as this work has left it (a release and a fill on one stock stream compose), and
 * `commit` appends each stream once, in stream-id order (`UnitOfWork.appendInStreamOrder`).
 *
 * Streams are read one statement at a time (READ COMMITTED), so two of them may be read either
 * side of another transaction's commit: a stock queue naming a reservation that has since been
 * released, say. Every stream read is appended to, so such a decision loses its race at commit;
 * but a refusal decided on such reads must not dead-letter the message, so a DomainError is
 * re-thrown as a ConcurrencyError (retried from fresh reads) when any stream moved meanwhile.
 */
export class InventoryStreams {
  private readonly open = new Map<string, OpenStream<unknown, unknown, InventoryEvent>>();

  constructor(private readonly uow: UnitOfWork) {}

  stock(sku: string): Promise<StockState> {
    return this.stateOf(StreamIds.stock(sku), stockDecider, STOCK_SNAPSHOT);
  }

  decideStock(command: StockCommand): Promise<StockEvent[]> {
    return this.decide(StreamIds.stock(command.sku), stockDecider, command, STOCK_SNAPSHOT);
  }

  reservation(reservationId: string): Promise<ReservationState> {
    return this.stateOf(StreamIds.reservation(reservationId), reservationDecider);
  }

  decideReservation(reservationId: string, command: ReservationCommand): Promise<ReservationEvent[]> {
    return this.decide(StreamIds.reservation(reservationId), reservationDecider, command);
  }

  decideRestock(command: RestockCommand): Promise<RestockEvent[]> {
    return this.decide(StreamIds.restock(command.rmaNumber), restockDecider, command);
  }

  production(productionOrderId: string): Promise<ProductionState> {
    return this.stateOf(StreamIds.production(productionOrderId), productionDecider);
  }

  decideProduction(productionOrderId: string, command: ProductionCommand): Promise<ProductionEvent[]> {
    return this.decide(StreamIds.production(productionOrderId), productionDecider, command);
  }

  /** Appends everything decided; returns it in append order. */
  async commit(): Promise<InventoryEvent[]> {
    const appended = await this.uow.appendInStreamOrder(
      [...this.open]
        .filter(([, stream]) => stream.decided.length > 0)
        .map(([streamId, { loaded, decided, decider, snapshot }]) => ({ streamId, loaded, events: decided, decider, snapshot })),
    );
    this.open.clear();
    return appended.flatMap((stream) => stream.events);
  }

  private async stateOf<State, Command, Event extends InventoryEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    snapshot?: SnapshotPolicy,
  ): Promise<State> {
    return (await this.opened(streamId, decider, snapshot)).state;
  }

  private async decide<State, Command, Event extends InventoryEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    snapshot?: SnapshotPolicy,
  ): Promise<Event[]> {
    const stream = await this.opened(streamId, decider, snapshot);
    let events: Event[];
    try {
      events = decider.decide(command, stream.state);
    } catch (err) {
      if (err instanceof DomainError) await this.refuseUnlessMoved(err);
      throw err;
    }
    stream.state = events.reduce(decider.evolve, stream.state);
    stream.decided.push(...events);
    return events;
  }

  /** Throws a ConcurrencyError if a stream changed since it was read here; else returns (the refusal stands). */
  private async refuseUnlessMoved(refusal: DomainError): Promise<void> {
    if (this.open.size < 2) return; // one stream alone is read in one statement: consistent
    const versions = await streamVersions(this.uow.tx, [...this.open.keys()]);
    for (const [streamId, stream] of this.open) {
      const current = versions.get(streamId)!;
      if (current !== stream.loaded.version) {
        throw new ConcurrencyError(streamId, stream.loaded.version, current, `read before a concurrent change (${refusal.message})`);
      }
    }
  }

  private async opened<State, Command, Event extends InventoryEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    snapshot?: SnapshotPolicy,
  ): Promise<OpenStream<State, Command, Event>> {
    let stream = this.open.get(streamId) as OpenStream<State, Command, Event> | undefined;
    if (!stream) {
      const loaded = await this.uow.load(streamId, decider, snapshot);
      stream = { decider, snapshot, loaded, state: loaded.state, decided: [] };
      this.open.set(streamId, stream as unknown as OpenStream<unknown, unknown, InventoryEvent>);
    }
    return stream;
  }
}
