import { randomUUID } from 'node:crypto';
import { IncomingMessage } from '@orderflow/messaging';
import { contractDecoder } from '@orderflow/platform';

const notification = { type: 'OrderDelivered', version: 1, messageId: randomUUID(), occurredAt: '2026-12-02T10:00:00Z', channel: 'webshop', externalOrderId: 'W-1', orderId: randomUUID(), deliveredAt: '2026-12-02T09:00:00Z' };
const record = (value: unknown, key: string | null = 'webshop:W-1'): IncomingMessage =>
  ({ topic: 'ns.channel.notifications', partition: 0, offset: '0', key: key === null ? null : Buffer.from(key), value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), headers: {} }) as unknown as IncomingMessage;

/** channel.notifications as the gateway consumes it (docs/adr/0035): the one owner dead-letters what breaks the contract. */
describe('decoding channel.notifications', () => {
  const owner = contractDecoder({ namespace: 'ns', dlqOwnerOf: new Set(['channel.notifications']), handles: () => true });

  it('passes a notification keyed <channel>:<externalOrderId> under its messageId', () => {
    expect(owner(record(notification))).toEqual({ ok: true, type: 'OrderDelivered', messageId: notification.messageId, payload: notification });
  });

  it('dead-letters one that breaks its schema, has an unknown type, or is keyed otherwise, naming why', () => {
    expect(owner(record({ ...notification, deliveredAt: 'yesterday' }))).toEqual({ ok: false, reason: expect.stringMatching(/^OrderDelivered breaks its schema: .*deliveredAt/) });
    expect(owner(record({ ...notification, type: 'OrderTeleported' }))).toEqual({ ok: false, reason: 'unknown notification type "OrderTeleported"' });
    expect(owner(record(notification, 'webshop:W-2'))).toEqual({ ok: false, reason: 'key: expected "webshop:W-1" (<channel>:<externalOrderId>), got "webshop:W-2"' });
    expect(owner(record(notification, null))).toMatchObject({ ok: false, reason: expect.stringMatching(/got none$/) });
    expect(owner(record('not json'))).toMatchObject({ ok: false });
  });

  it('skips, without judging, what a consumer that does not own the topic does not handle', () => {
    const other = contractDecoder({ namespace: 'ns', dlqOwnerOf: new Set(), handles: () => false });
    expect(other(record(notification))).toMatchObject({ ok: false, skip: true });
  });
});
