import { randomUUID } from 'node:crypto';
import { DeadLetter, deadLetterRecord, replayMessage, toDeadLetter } from './dead-letter';

const letter = (key: string | null, message: Record<string, unknown>): DeadLetter => ({
  id: '0:7',
  reason: 'rejected: key: expected "webshop:W-1", got "junk"',
  consumer: 'order-service',
  failedAt: '2026-11-25T10:00:00.000Z',
  attempts: '0',
  source: { topic: 'ns.channel.orders', partition: '3', offset: '41' },
  key,
  value: Buffer.from(JSON.stringify(message)),
  headers: { 'message-id': String(message.messageId), 'dlq-reason': 'rejected: key', 'x-origin': 'shop' },
});

const cancellation = {
  type: 'OrderCancellationRequested',
  version: 1,
  messageId: randomUUID(),
  occurredAt: '2026-11-25T10:00:00Z',
  channel: 'webshop',
  externalOrderId: 'W-1',
  reason: 'changed my mind',
};

describe('replayMessage', () => {
  it('sends the original bytes back to their topic, without the DLQ headers', () => {
    const replay = replayMessage(letter('webshop:W-1', cancellation), undefined, 'channel.orders');
    expect(replay).toEqual({
      topic: 'ns.channel.orders',
      key: 'webshop:W-1',
      value: letter('x', cancellation).value,
      headers: { 'message-id': cancellation.messageId, 'x-origin': 'shop', 'dlq-replayed-from': '0:7' },
    });
  });

  it('keys a message that meets its contract as the contract says: one refused for its key goes back keyed right', () => {
    expect(replayMessage(letter('junk', cancellation), undefined, 'channel.orders').key).toBe('webshop:W-1');
    expect(replayMessage(letter(null, cancellation), undefined, 'channel.orders').key).toBe('webshop:W-1');
    const corrected = Buffer.from(JSON.stringify({ ...cancellation, externalOrderId: 'W-2' }));
    expect(replayMessage(letter('webshop:W-1', cancellation), corrected, 'channel.orders').key).toBe('webshop:W-2');
  });

  it('keeps the original key of what it cannot read', () => {
    expect(replayMessage({ ...letter('junk', cancellation), value: Buffer.from('{not json') }, undefined, 'channel.orders').key).toBe('junk');
  });
});

describe('deadLetterRecord', () => {
  it('keeps the original key, bytes and headers and says why, so the operators\' tools read it back as refused', () => {
    const value = Buffer.from('{"type":"PaymentCaptureRequested"');
    const original = { topic: 'ns.payment.requests', partition: 2, offset: '17', key: Buffer.from('pay-1'), value, headers: { 'x-origin': 'order-service' }, timestamp: '0' };
    const record = deadLetterRecord(original, 'ns.payment.requests.dlq', { reason: 'not valid JSON', consumer: 'payment-simulator', attempts: 1 });
    expect({ topic: record.topic, key: record.key, value: record.value }).toEqual({ topic: 'ns.payment.requests.dlq', key: original.key, value });

    const read = toDeadLetter({ ...original, topic: record.topic, partition: 0, offset: '3', headers: record.headers! }, 'unused');
    expect(read).toMatchObject({
      id: '0:3',
      reason: 'not valid JSON',
      consumer: 'payment-simulator',
      attempts: '1',
      source: { topic: 'ns.payment.requests', partition: '2', offset: '17' },
      key: 'pay-1',
    });
    expect(read.headers['x-origin']).toBe('order-service');
  });
});
