import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { BusProducer, MessageBus, OutgoingMessage } from '@orderflow/messaging';
import { sendSpans } from '@orderflow/observability';
import { MESSAGE_BUS } from '@orderflow/platform';

/**
 * How long a request waits for the broker's acknowledgement. The client's own retries would keep
 * an HTTP caller waiting over a minute when Kafka is down; a prompt 503 lets it retry instead. A
 * send that completes after the deadline is a duplicate on retry, which consumers absorb.
 */
const PUBLISH_TIMEOUT_MS = 15_000;

/** The gateway's one Kafka producer (idempotent, acks=all), connected on first use. */
@Injectable()
export class InboundPublisher implements OnApplicationShutdown {
  private producer?: Promise<BusProducer>;
  private readonly logger = new Logger(InboundPublisher.name);

  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  /** Resolves once every record is acknowledged by all in-sync replicas. */
  async publish(records: readonly OutgoingMessage[]): Promise<void> {
    if (records.length === 0) return;
    this.producer ??= this.bus.producer();
    const current = this.producer;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        current.then((p) => sendSpans(records, () => p.send(records))),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no acknowledgement within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      // Start over with a fresh connection next time rather than reuse one in an unknown state.
      if (this.producer === current) this.producer = undefined;
      current.then((p) => p.disconnect()).catch(() => undefined);
      this.logger.warn(`publishing ${records.length} record(s) failed: ${(err as Error).message}`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect();
  }
}
