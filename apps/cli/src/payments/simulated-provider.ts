import { dlqTopicOf, parseMessage, paymentKey, PaymentEventMessage, PaymentRequest, PaymentRequestSchemas, Topics, utf8Text } from '@orderflow/contracts';
import { BusConsumer, BusProducer, deadLetterRecord, Headers, IncomingMessage, MessageBus, OutgoingMessage, PartitionBatch, readTopicToEnd } from '@orderflow/messaging';
import { declineRule, DeclineOptions } from './decline-rule';
import { PaymentLedger } from './payment-ledger';

/** The simulator's name: its consumer group (namespaced like the services'), and the mark on its answers. */
export const PAYMENT_SIMULATOR = 'payment-simulator';

/** Headers of every answer: who gave it, and to which request (what a restart reads its books back from). */
export const ANSWER_HEADERS = { provider: 'payment-provider', idempotencyKey: 'idempotency-key' } as const;

export interface SimulatedProviderOptions {
  /** The physical name of a contract topic (TOPIC_NAMESPACE applied). */
  topic: (contractTopic: string) => string;
  /** Its consumer group on payment.requests: `topicName(PAYMENT_SIMULATOR, namespace)`. */
  groupId: string;
  decline?: DeclineOptions;
  /** Answer no sooner than this long after the request was published (default 0). */
  delayMs?: number;
  log?: (line: string) => void;
  /** The consumer stopped for good (its client gave up): a process should exit, so its supervisor starts it again. */
  onFatal?: (error: unknown) => void;
}

/** The request types as a message catalog, so requests are checked by the same code as every inbound message. */
const REQUEST_CATALOG = {
  [Topics.paymentRequests]: Object.fromEntries(
    Object.entries(PaymentRequestSchemas).map(([type, schema]) => [type, { schema, currentVersion: 1, upcasters: {} }]),
  ),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A payment provider that talks to orderflow only over Kafka, as a PSP adapter would: it answers
 * each request on payment.requests with a fact on payment.events, keyed by paymentId, through the
 * idempotent producer (acks=all). A request's offset is committed only after its answer was
 * acknowledged, so a crash makes it answer again, never not at all; and it answers again the same
 * way, because at start it reads its own earlier answers back from payment.events into its books
 * (balances and answers by idempotencyKey), and everything an answer carries (messageId,
 * providerReference, the decline verdict) follows from the request's idempotencyKey. A request
 * that breaks its contract goes to payment.requests.dlq with the reason. One instance at a time:
 * its books live in its memory.
 */
export class SimulatedPaymentProvider {
  private readonly ledger: PaymentLedger;
  private producer?: BusProducer;
  private consumer?: BusConsumer;
  private stopping = false;

  constructor(
    private readonly bus: MessageBus,
    private readonly options: SimulatedProviderOptions,
  ) {
    this.ledger = new PaymentLedger(declineRule(options.decline));
  }

  /** Reads its books back, then joins its group; resolves once it owns the request partitions. */
  async start(): Promise<{ restoredAnswers: number }> {
    const restoredAnswers = await this.restoreBooks();
    this.producer = await this.bus.producer();
    this.consumer = await this.bus.consumer({
      groupId: this.options.groupId,
      fromBeginning: true,
      onCrash: (error, restarting) => {
        this.log(`consumer crashed${restarting ? ', restarting' : ''}: ${(error as Error).message ?? String(error)}`);
        if (!restarting && !this.stopping) this.options.onFatal?.(error);
      },
    });
    const requests = this.options.topic(Topics.paymentRequests);
    await this.consumer.run({ topics: [requests], partitionsConcurrently: 6, onBatch: (batch) => this.answerBatch(batch) });
    const deadline = Date.now() + 30_000;
    while ((this.consumer.assignment()[requests] ?? []).length === 0) {
      if (Date.now() > deadline) throw new Error(`${PAYMENT_SIMULATOR} was assigned no partition of ${requests} within 30 s`);
      await sleep(100);
    }
    return { restoredAnswers };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  /** What the provider holds of a payment (for tests and diagnostics). */
  balance(paymentId: string) {
    return this.ledger.balance(paymentId);
  }

  private async restoreBooks(): Promise<number> {
    const records = await readTopicToEnd(this.bus, this.options.topic(Topics.paymentEvents), { timeoutMs: 120_000 });
    let restored = 0;
    for (const record of records) {
      const key = record.headers[ANSWER_HEADERS.idempotencyKey];
      if (record.headers[ANSWER_HEADERS.provider] !== PAYMENT_SIMULATOR || !key || !record.value) continue;
      // As sent, not as parsed: an answer given again must be the very same message.
      this.ledger.restore(key, JSON.parse(record.value.toString('utf8')) as PaymentEventMessage);
      restored += 1;
    }
    return restored;
  }

  /**
   * Answers a partition's requests in order. Answers go out together, up to a request that is not
   * due yet (the delay); a request counts as done only once its answer is acknowledged.
   */
  private async answerBatch(batch: PartitionBatch): Promise<void> {
    const delayMs = this.options.delayMs ?? 0;
    let pending: { request: IncomingMessage; records: OutgoingMessage[] }[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      await this.producer!.send(pending.flatMap((p) => p.records));
      for (const p of pending) batch.markDone(p.request);
      pending = [];
      await batch.commit();
    };
    for (const request of batch.messages) {
      const due = Number(request.timestamp) + delayMs;
      if (due > Date.now()) {
        await flush();
        if (!(await this.waitUntil(due, batch))) return;
      }
      if (!batch.stillOwned() || this.stopping) return;
      pending.push({ request, records: this.respond(request) });
    }
    await flush();
  }

  /** Waits for a request's answer to be due, keeping the group membership alive; false when the partition is gone. */
  private async waitUntil(due: number, batch: PartitionBatch): Promise<boolean> {
    while (Date.now() < due) {
      if (!batch.stillOwned() || this.stopping) return false;
      await sleep(Math.min(1000, due - Date.now()));
      await batch.heartbeat();
    }
    return true;
  }

  private respond(message: IncomingMessage): OutgoingMessage[] {
    const parsed = decodeRequest(message.value);
    if (!parsed.ok) {
      this.log(`refused ${message.topic}[${message.partition}]@${message.offset}: ${parsed.reason}`);
      return [deadLetterRecord(message, dlqTopicOf(message.topic), { reason: parsed.reason, consumer: PAYMENT_SIMULATOR, attempts: 1 })];
    }
    const request = parsed.request;
    const answer = this.ledger.answer(request, new Date());
    const checked = parseMessage(Topics.paymentEvents, answer);
    if (!checked.ok) throw new Error(`${PAYMENT_SIMULATOR} made a ${answer.type} that breaks the payment.events contract: ${checked.reason}`);
    return [{ topic: this.options.topic(Topics.paymentEvents), key: paymentKey(answer), value: JSON.stringify(answer), headers: answerHeaders(message.headers, request, answer) }];
  }

  private log(line: string): void {
    this.options.log?.(`${PAYMENT_SIMULATOR}: ${line}`);
  }
}

function decodeRequest(bytes: Buffer | null): { ok: true; request: PaymentRequest } | { ok: false; reason: string } {
  const text = bytes && utf8Text(bytes);
  if (!text) return { ok: false, reason: 'empty or not UTF-8' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON: ${(err as Error).message}` };
  }
  const parsed = parseMessage(Topics.paymentRequests, body, REQUEST_CATALOG);
  return parsed.ok ? { ok: true, request: parsed.message as PaymentRequest } : { ok: false, reason: parsed.reason };
}

/** The answer's own headers; correlation and trace context carry on from the request that caused it. */
function answerHeaders(requestHeaders: Headers, request: PaymentRequest, answer: PaymentEventMessage): Headers {
  return {
    'message-id': answer.messageId,
    'event-type': answer.type,
    'schema-version': String(answer.version),
    'content-type': 'application/json',
    'correlation-id': requestHeaders['correlation-id'] ?? request.messageId,
    'causation-id': request.messageId,
    ...(requestHeaders.traceparent ? { traceparent: requestHeaders.traceparent } : {}),
    [ANSWER_HEADERS.provider]: PAYMENT_SIMULATOR,
    [ANSWER_HEADERS.idempotencyKey]: request.idempotencyKey,
  };
}
