import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { HandlerContext, MessageHandler, ReliableConsumer, ReliableConsumerOptions } from '../consumer/reliable-consumer';
import { ComponentHealth } from '../health';

export type KafkaEventTransportOptions = Omit<ReliableConsumerOptions, 'resolveHandler'>;

/**
 * A Nest transport over the reliable consumer: `@EventPattern('OrderSubmitted')` methods receive the
 * validated payload and, through `@Ctx()`, the HandlerContext whose `tx` they must write with.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private consumer?: ReliableConsumer;
  /** Handlers by message type, looked up once: Nest's pattern lookup normalises the pattern on every call. */
  private readonly handlers = new Map<string, MessageHandler | undefined>();

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    this.consumer = new ReliableConsumer({ ...this.options, resolveHandler: (type) => this.handlerFor(type) });
    this.consumer.start().then(
      () => callback(),
      (err) => callback(err),
    );
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Down until the consumer has started (and whenever it is crashed or stopped). */
  health(): ComponentHealth {
    return this.consumer?.health() ?? { status: 'down', detail: 'the consumer has not started' };
  }

  on(): never {
    throw new Error('KafkaEventTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /** Whether an @EventPattern handler exists for this message type. */
  handles(type: string): boolean {
    return this.handlerFor(type) !== undefined;
  }

  private handlerFor(type: string): MessageHandler | undefined {
    if (this.handlers.has(type)) return this.handlers.get(type);
    const handler = this.getHandlerByPattern(type);
    const wrapped = handler
      ? async (payload: unknown, ctx: HandlerContext) => {
          const result = await handler(payload, ctx);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        }
      : undefined;
    this.handlers.set(type, wrapped);
    return wrapped;
  }
}
