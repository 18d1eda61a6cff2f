import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, EventStore, retryOnConflict, Tx } from '@orderflow/event-store';
import { HandlerContext } from '@orderflow/messaging';
import { CLOCK, PLATFORM_CONFIG } from '../nest/tokens';
import { PlatformConfig } from '../config';
import { StreamStateCache } from './stream-cache';
import { StreamScope } from './stream-scope';
import { Cause, UnitOfWork } from './unit-of-work';

/**
 * Tries of an operator's or a scheduled unit of work before its conflict reaches the caller: no
 * consumer waits the race out for it, so it gets more than a message's prompt retries.
 */
const CONFLICT_ATTEMPTS = 50;

/** Makes units of work: inside a consumed message's transaction, or in a transaction of their own. */
@Injectable()
export class UnitOfWorkFactory {
  private readonly cache: StreamStateCache;

  constructor(
    private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(PLATFORM_CONFIG) config?: Pick<PlatformConfig, 'STREAM_CACHE_SIZE'>,
  ) {
    this.cache = new StreamStateCache(config?.STREAM_CACHE_SIZE);
  }

  /**
   * The unit of work of a consumed message: it writes in the message's transaction (with the inbox
   * mark), sharing that transaction's streams with the other messages applied in it; everything
   * they decided is written in one go just before the transaction commits.
   */
  forMessage(ctx: HandlerContext, actor: string): UnitOfWork {
    let scope = this.scopes.get(ctx.tx);
    if (!scope) {
      const created = new StreamScope(ctx.tx, this.store, this.cache, ctx.readFresh);
      this.scopes.set(ctx.tx, created);
      ctx.beforeCommit(created, () => created.flush(), (committed) => created.settled(committed));
      scope = created;
    }
    return new UnitOfWork(
      ctx.tx,
      this.store,
      this.clock(),
      { messageId: ctx.messageId, correlationId: ctx.correlationId, traceparent: ctx.traceparent, actor },
      scope,
    );
  }

  /** One scope per transaction; forgotten with the transaction. */
  private readonly scopes = new WeakMap<Tx, StreamScope>();

  /**
   * Work with no message behind it (an operator's request, a scheduled check), in its own
   * transaction; a lost optimistic-concurrency race is retried from a fresh load.
   */
  async run<T>(cause: Cause, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return retryOnConflict(async () => {
      let scope: StreamScope | undefined;
      try {
        const result = await this.store.transaction(async (tx) => {
          scope = new StreamScope(tx, this.store, this.cache);
          const done = await work(new UnitOfWork(tx, this.store, this.clock(), cause, scope));
          await scope.flush();
          return done;
        });
        scope?.settled(true);
        return result;
      } catch (err) {
        scope?.settled(false);
        throw err;
      }
    }, { attempts: CONFLICT_ATTEMPTS });
  }
}
