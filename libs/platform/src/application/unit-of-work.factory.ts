import { Inject, Injectable } from '@nestjs/common';
import { Clock, EventStore } from '@orderflow/event-store';
import { HandlerContext } from '@orderflow/messaging';
import { CLOCK } from '../nest/tokens';
import { Cause, UnitOfWork } from './unit-of-work';

const MAX_CONFLICT_RETRIES = 50;

/** Makes units of work: inside a consumed message's transaction, or in a transaction of their own. */
@Injectable()
export class UnitOfWorkFactory {
  constructor(
    private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The unit of work of a consumed message: it writes in the message's transaction (with the inbox mark). */
  forMessage(ctx: HandlerContext, actor: string): UnitOfWork {
    return new UnitOfWork(ctx.tx, this.store, this.clock(), {
      messageId: ctx.messageId,
      correlationId: ctx.correlationId,
      traceparent: ctx.traceparent,
      actor,
    });
  }

  /**
   * Work with no message behind it (an operator's request, a scheduled check), in its own
   * transaction; a lost optimistic-concurrency race is retried from a fresh load.
   */
  async run<T>(cause: Cause, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction((tx) => work(new UnitOfWork(tx, this.store, this.clock(), cause)));
      } catch (err) {
        if (!(err instanceof Error && err.name === 'ConcurrencyError') || attempt >= MAX_CONFLICT_RETRIES) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20));
      }
    }
  }
}
