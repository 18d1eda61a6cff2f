import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { topicName } from '@orderflow/contracts';
import { withTransaction } from '@orderflow/event-store';
import { OutgoingMessage } from '@orderflow/messaging';
import { currentTraceparent } from '@orderflow/observability';
import { PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { PersonalData, WithPersonalData } from '@orderflow/privacy';
import { coversCarrier, coversWarehouse, Principal } from '@orderflow/security';
import { InboundPublisher } from '../infrastructure/inbound-publisher';
import { IngestLedger } from '../infrastructure/ingest-ledger';
import { CheckedMessage, checkBatch, MessageResult, requestHash } from './ingest-batch';
import { IngestError } from './ingest-error';
import { IngestHeaders } from './request-headers';

export interface IngestRequest extends IngestHeaders {
  /** Contract name of the inbound topic, e.g. 'channel.orders'. */
  topic: string;
  body: Buffer | undefined;
  /** Who sent it: a channel, warehouse or carrier key may speak only for its own. */
  principal: Principal;
}

export interface IngestAccepted {
  topic: string;
  published: number;
  duplicates: number;
  results: MessageResult[];
}

export interface IngestOutcome {
  /** Answered with 202: an accepted request is the only kind remembered under its key. */
  response: IngestAccepted;
  /** The answer stored under the request's Idempotency-Key, given again. */
  replayed: boolean;
}

/**
 * Puts messages from producers that cannot speak Kafka on the inbound topics, as if they had: the
 * same contract checks, the same keys. Publishing comes before anything is written to the ledger,
 * so a crash in between can only lead to a republish on retry (consumers absorb it), never to a
 * lost message; two identical requests racing may both publish, which consumers absorb the same way.
 */
@Injectable()
export class IngestMessagesHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: IngestLedger,
    private readonly publisher: InboundPublisher,
    private readonly personalData: PersonalData,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async ingest(request: IngestRequest): Promise<IngestOutcome> {
    const checked = checkBatch(request.topic, request.body);
    if (!checked.ok) {
      throw new IngestError(checked.status, checked.message, 'results' in checked ? { topic: request.topic, results: checked.results } : {});
    }
    const outOfScope = checked.messages.flatMap((m) => {
      const problem = scopeProblem(request.principal, m);
      return problem ? [`message ${m.index}: ${problem}`] : [];
    });
    if (outOfScope.length > 0) {
      throw new IngestError(403, `this key may not send these messages; nothing was published: ${outOfScope.slice(0, 10).join('; ')}`, {
        topic: request.topic,
      });
    }
    const hash = requestHash(request.topic, checked.messages);
    return withTransaction(this.dataSource, async (tx) => {
      // Keys are the sender's own: another sender's equal key is another request, and never sees its answer.
      const key = request.idempotencyKey === undefined ? undefined : `${sender(request.principal)} ${request.idempotencyKey}`;
      if (key !== undefined) {
        await this.ledger.lockKey(tx, key);
        const earlier = await this.ledger.findRequest(tx, key);
        if (earlier && earlier.requestHash !== hash) {
          throw new IngestError(
            422,
            `header Idempotency-Key "${request.idempotencyKey}" was already used for a different request (other messages or endpoint); ` +
              'use a new key for a new request',
          );
        }
        if (earlier) return { response: earlier.response as IngestAccepted, replayed: true };
      }

      // Nothing is written before the broker has acknowledged: a transaction that writes holds back
      // every gap-safe reader of the event store (relays, projectors) until it ends, so it must not
      // wait on Kafka. The key's lock and these reads assign no transaction id.
      const before = await this.ledger.publishedAmong(tx, checked.messages.map((m) => m.messageId));
      const fresh = checked.messages.filter((m) => !before.has(m.messageId));
      const claimed = new Set(fresh.map((m) => m.messageId));
      const sealed = await this.sealPersonalData(request.topic, fresh);
      try {
        await this.publisher.publish(sealed.map((m) => this.record(request, m)));
      } catch (err) {
        throw new IngestError(503, `could not publish to Kafka (${(err as Error).message}); nothing was recorded, retry the request`);
      }
      await this.ledger.recordPublished(tx, request.topic, [...claimed]);

      const response: IngestAccepted = {
        topic: request.topic,
        published: fresh.length,
        duplicates: checked.messages.length - fresh.length,
        results: checked.messages.map((m) => ({
          index: m.index,
          messageId: m.messageId,
          status: claimed.has(m.messageId) ? 'published' : 'duplicate',
        })),
      };
      if (key !== undefined) await this.ledger.rememberRequest(tx, key, { requestHash: hash, statusCode: 202, response });
      return { response, replayed: false };
    });
  }

  /**
   * Personal fields leave the gateway sealed with their customer's key (docs/adr/0022), so no topic,
   * dead letter, event or projection downstream holds them in plaintext. The request's hash (its
   * Idempotency-Key's identity) is of what the caller sent, taken before: sealing is not repeatable.
   */
  private async sealPersonalData(topic: string, messages: CheckedMessage[]): Promise<CheckedMessage[]> {
    if (topic !== 'channel.orders' || !this.personalData.enabled) return messages;
    const parsed = messages.map((m) => JSON.parse(m.value) as Record<string, unknown>);
    // An order, and an order change's new address: sealed with the key of the customer the change names.
    const carriers = parsed.flatMap((p): { original: Record<string, unknown>; personal: WithPersonalData }[] => {
      if (p.type === 'OrderSubmitted') return [{ original: p, personal: p as unknown as WithPersonalData }];
      if (p.type === 'OrderChangeRequested' && p.shippingAddress && typeof p.customerId === 'string') {
        const personal = { channel: p.channel, customer: { id: p.customerId }, shippingAddress: p.shippingAddress } as WithPersonalData;
        return [{ original: p, personal }];
      }
      return [];
    });
    if (carriers.length === 0) return messages;
    let sealed: WithPersonalData[];
    try {
      sealed = await this.personalData.seal(carriers.map((c) => c.personal));
    } catch (err) {
      throw new IngestError(503, `could not seal personal data (${(err as Error).message}); nothing was published, retry the request`);
    }
    const byOriginal = new Map<unknown, Record<string, unknown>>(
      carriers.map((c, i) =>
        c.original.type === 'OrderSubmitted' ? [c.original, sealed[i] as unknown as Record<string, unknown>] : [c.original, { ...c.original, shippingAddress: sealed[i].shippingAddress }],
      ),
    );
    return messages.map((m, i) => (byOriginal.has(parsed[i]) ? { ...m, value: JSON.stringify(byOriginal.get(parsed[i])) } : m));
  }

  private record(request: IngestRequest, message: CheckedMessage): OutgoingMessage {
    return {
      topic: topicName(request.topic, this.config.TOPIC_NAMESPACE),
      key: message.key,
      value: message.value,
      headers: {
        'message-id': message.messageId,
        'correlation-id': request.correlationId ?? message.messageId,
        // The request's span while tracing is on (it continues the caller's trace), else the caller's own.
        traceparent: currentTraceparent() ?? request.traceparent,
        'content-type': 'application/json',
        source: 'ingest-gateway',
        // Who the key that sent it speaks for: consumers check what the message cannot say itself (ADR 18).
        sender: sender(request.principal),
      },
    };
  }
}

/**
 * Why the caller may not send this message, if it may not: a channel key sends its own channel's
 * orders, a warehouse key its own warehouse's operations, a carrier key its own parcels' scans.
 * (ShipmentPacked names no warehouse, so any warehouse key may send it; docs/adr/0018.)
 */
function scopeProblem(principal: Principal, message: CheckedMessage): string | undefined {
  const { channel, warehouseId, carrier } = message.speaksFor;
  switch (principal.role) {
    case 'channel':
      return channel === principal.scope.channel ? undefined : `field channel: a key of channel ${principal.scope.channel} may not send for ${JSON.stringify(channel)}`;
    case 'warehouse':
      return warehouseId === undefined || coversWarehouse(principal, warehouseId)
        ? undefined
        : `field warehouseId: a key of warehouse ${principal.scope.warehouse} may not send for ${JSON.stringify(warehouseId)}`;
    case 'carrier':
      return carrier !== undefined && coversCarrier(principal, carrier)
        ? undefined
        : `field carrier: a key of carrier ${principal.scope.carrier} may not send for ${JSON.stringify(carrier)}`;
    case 'factory':
      // The factory's messages name only orderflow's production orders: its key holds no narrower scope.
      return undefined;
    default:
      return `a ${principal.role} key sends no inbound messages`;
  }
}

/** Who a request speaks for, whichever of its keys sent it (a rotated key keeps its requests). */
function sender(principal: Principal): string {
  const { channel, warehouse, carrier } = principal.scope;
  return `${principal.role}:${channel ?? warehouse ?? carrier ?? principal.keyId}`;
}
