import { randomUUID } from 'node:crypto';
import { allTopicSpecs, dlqTopicOf, orderIdFor, parseMessage, paymentKey, PaymentRequest, topicName, Topics } from '@orderflow/contracts';
import { BusProducer, IncomingMessage, MessageBus, readTopicToEnd } from '@orderflow/messaging';
import { createTestTopics, testBus, uniqueSuffix, waitFor } from '@orderflow/testing';
import { PAYMENT_SIMULATOR, SimulatedPaymentProvider, SimulatedProviderOptions } from './simulated-provider';

describe('the simulated payment provider (real Kafka)', () => {
  const namespace = `pay${uniqueSuffix()}`;
  const topic = (t: string) => topicName(t, namespace);
  let bus: MessageBus;
  let producer: BusProducer;
  let provider: SimulatedPaymentProvider | undefined;

  const startProvider = async (options: Partial<SimulatedProviderOptions> = {}) => {
    provider = new SimulatedPaymentProvider(bus, { topic, groupId: topicName(PAYMENT_SIMULATOR, namespace), ...options });
    return provider.start();
  };

  beforeAll(async () => {
    bus = testBus();
    await createTestTopics(bus, allTopicSpecs(namespace));
    producer = await bus.producer();
  });
  afterEach(async () => {
    await provider?.stop();
    provider = undefined;
  });
  afterAll(async () => {
    await producer?.disconnect();
  });

  let sequence = 0;
  /** A request as orderflow's relay puts it on payment.requests: keyed by paymentId, with its correlation id. */
  const send = async (type: PaymentRequest['type'], fields: Record<string, unknown>) => {
    const id = randomUUID();
    const externalOrderId = String(fields.externalOrderId ?? `W-${++sequence}`);
    const request = {
      type,
      version: 1,
      messageId: id,
      occurredAt: new Date().toISOString(),
      orderId: orderIdFor('webshop', externalOrderId),
      channel: 'webshop',
      externalOrderId,
      currency: 'EUR',
      idempotencyKey: id,
      ...fields,
    } as PaymentRequest;
    await producer.send([{ topic: topic(Topics.paymentRequests), key: paymentKey(request), value: JSON.stringify(request), headers: { 'correlation-id': `corr-${id}` } }]);
    return request;
  };

  const answersTo = async (paymentId: string, count: number): Promise<IncomingMessage[]> =>
    waitFor(`${count} answer(s) about ${paymentId}`, async () => {
      const answers = (await readTopicToEnd(bus, topic(Topics.paymentEvents))).filter((m) => m.key?.toString() === paymentId);
      return answers.length >= count && answers;
    });
  const body = (m: IncomingMessage) => JSON.parse(m.value!.toString('utf8')) as Record<string, unknown>;

  it('answers authorisations, captures and refunds on payment.events, keyed by paymentId and meeting the contract', async () => {
    await startProvider();
    const paymentId = `pay-${randomUUID()}`;
    const auth = await send('PaymentAuthorizationRequested', { paymentId, amountMinor: 5000 });
    await send('PaymentCaptureRequested', { paymentId, externalOrderId: auth.externalOrderId, amountMinor: 5000, shipmentId: 'SHP-1' });
    await send('PaymentRefundRequested', { paymentId, externalOrderId: auth.externalOrderId, amountMinor: 2000, refundId: 'refund-RMA-1', reason: 'RETURN' });

    const answers = await answersTo(paymentId, 3);
    for (const a of answers) expect(parseMessage(Topics.paymentEvents, body(a))).toMatchObject({ ok: true });
    expect(answers.map((a) => [body(a).type, body(a).amountMinor])).toEqual([
      ['PaymentAuthorized', 5000],
      ['PaymentCaptured', 5000],
      ['PaymentRefunded', 2000],
    ]);
    expect(body(answers[0])).toMatchObject({ paymentId, orderId: auth.orderId, currency: 'EUR', providerReference: expect.stringMatching(/^sim-/) });
    expect(body(answers[1])).toMatchObject({ shipmentId: 'SHP-1' });
    expect(body(answers[2])).toMatchObject({ refundId: 'refund-RMA-1' });
    expect(answers[0].headers).toMatchObject({ 'correlation-id': `corr-${auth.messageId}`, 'causation-id': auth.messageId, 'event-type': 'PaymentAuthorized' });
    // Offsets are committed once the answers are acknowledged: nothing is left to answer.
    const admin = await bus.admin();
    try {
      await waitFor('the requests committed', async () => (await admin.groupLag(topicName(PAYMENT_SIMULATOR, namespace), topic(Topics.paymentRequests))) === 0);
    } finally {
      await admin.disconnect();
    }
  });

  it('answers a repeated request with the very same message, and does not capture twice', async () => {
    await startProvider();
    const paymentId = `pay-${randomUUID()}`;
    const auth = await send('PaymentAuthorizationRequested', { paymentId, amountMinor: 3000 });
    const capture = await send('PaymentCaptureRequested', { paymentId, externalOrderId: auth.externalOrderId, amountMinor: 3000, shipmentId: 'SHP-1' });
    await answersTo(paymentId, 2);
    await producer.send([{ topic: topic(Topics.paymentRequests), key: paymentId, value: JSON.stringify({ ...capture, messageId: randomUUID() }) }]);

    const answers = await answersTo(paymentId, 3);
    expect(answers[2].value).toEqual(answers[1].value);
    expect(body(answers[2])).toMatchObject({ type: 'PaymentCaptured', providerReference: body(answers[1]).providerReference });
    expect(provider!.balance(paymentId)).toMatchObject({ authorizedMinor: 3000, capturedMinor: 3000 });
  });

  it('declines authorisations of decline- orders, and refuses a capture beyond the authorised amount, saying why', async () => {
    await startProvider();
    const declined = `pay-${randomUUID()}`;
    await send('PaymentAuthorizationRequested', { paymentId: declined, externalOrderId: `decline-${randomUUID()}`, amountMinor: 1000 });
    const over = `pay-${randomUUID()}`;
    const auth = await send('PaymentAuthorizationRequested', { paymentId: over, amountMinor: 1000 });
    await send('PaymentCaptureRequested', { paymentId: over, externalOrderId: auth.externalOrderId, amountMinor: 1001, shipmentId: 'SHP-1' });

    const [failed] = await answersTo(declined, 1);
    expect(body(failed)).toMatchObject({ type: 'PaymentAuthorizationFailed', reason: expect.stringMatching(/declined/) });
    const [, refused] = await answersTo(over, 2);
    expect(body(refused)).toMatchObject({
      type: 'PaymentCaptureFailed',
      shipmentId: 'SHP-1',
      reason: 'capture of 1001 EUR exceeds the 1000 EUR still authorised (authorised 1000, captured 0)',
    });
  });

  it('after a restart answers a repeat as before and remembers what it captured', async () => {
    await startProvider();
    const paymentId = `pay-${randomUUID()}`;
    const auth = await send('PaymentAuthorizationRequested', { paymentId, amountMinor: 4000 });
    const capture = await send('PaymentCaptureRequested', { paymentId, externalOrderId: auth.externalOrderId, amountMinor: 2500, shipmentId: 'SHP-1' });
    const [, captured] = await answersTo(paymentId, 2);
    await provider!.stop();

    const { restoredAnswers } = await startProvider();
    expect(restoredAnswers).toBeGreaterThanOrEqual(2);
    await producer.send([{ topic: topic(Topics.paymentRequests), key: paymentId, value: JSON.stringify(capture) }]);
    await send('PaymentCaptureRequested', { paymentId, externalOrderId: auth.externalOrderId, amountMinor: 2000, shipmentId: 'SHP-2' });

    const answers = await answersTo(paymentId, 4);
    expect(answers[2].value).toEqual(captured.value);
    expect(body(answers[3])).toMatchObject({ type: 'PaymentCaptureFailed', reason: expect.stringContaining('exceeds the 1500 EUR still authorised') });
  });

  it('answers no sooner than the configured delay', async () => {
    await startProvider({ delayMs: 1500 });
    const paymentId = `pay-${randomUUID()}`;
    const sentAt = Date.now();
    await send('PaymentAuthorizationRequested', { paymentId, amountMinor: 100 });
    const [answer] = await answersTo(paymentId, 1);
    expect(Number(answer.timestamp) - sentAt).toBeGreaterThanOrEqual(1400);
  });

  it('sets a request that breaks its contract aside on payment.requests.dlq with the reason, and goes on', async () => {
    await startProvider();
    const broken = `pay-${randomUUID()}`;
    await producer.send([{ topic: topic(Topics.paymentRequests), key: broken, value: JSON.stringify({ type: 'PaymentCaptureRequested', version: 1, paymentId: broken }) }]);
    const next = `pay-${randomUUID()}`;
    await send('PaymentAuthorizationRequested', { paymentId: next, amountMinor: 100 });

    await answersTo(next, 1);
    const dead = await waitFor('the dead letter', async () =>
      (await readTopicToEnd(bus, topic(dlqTopicOf(Topics.paymentRequests)))).find((m) => m.key?.toString() === broken),
    );
    expect(dead.headers).toMatchObject({ 'dlq-consumer': PAYMENT_SIMULATOR, 'dlq-reason': expect.stringContaining('messageId') });
  });
});
