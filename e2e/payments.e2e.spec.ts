import { orderIdFor, StreamIds, Topics } from '@orderflow/contracts';
import { StoredEvent } from '@orderflow/event-store';
import { ChildHandle, spawnTs, TEST_KAFKA_BROKERS, waitFor } from '@orderflow/testing';
import {
  checkoutPayment,
  Line,
  orderSubmitted,
  returnParcelReceived,
  returnRequested,
  shipmentPacked,
  stockReceived,
  trackingUpdated,
  warehouseRegistered,
} from './support/messages';
import { TestSystem, TopicTap } from './support/system';

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Money through the whole system (ADR 31): the services and the query service as processes, the
 * simulated payment provider as its own process answering on payment.events, and the test playing
 * channels, warehouses and carriers. Figures are checked against what the provider said.
 */
describe('payments from authorisation to refund (all services, the simulated provider, the query API)', () => {
  let system: TestSystem;
  let provider: ChildHandle;
  let answers: TopicTap;
  let requests: TopicTap;
  let notifications: TopicTap;
  let queryUrl: string;

  const price = { MUG: 1250, PLATE: 2400, TEA: 899 };
  const line = (sku: keyof typeof price, quantity: number): Line => ({ sku, quantity, unitPriceMinor: price[sku] });

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service', 'shipping-service', 'after-sales-service', 'query-service'], {
      serviceEnv: {
        'order-service': {
          ORDER_CHANNELS: JSON.stringify({
            webshop: { currencies: ['EUR'], paymentMode: 'authorize-capture', authorizationTimeoutMinutes: 30 },
            b2b: { currencies: ['EUR'], paymentMode: 'invoice' },
          }),
          ORDER_AUTHORIZATION_CHECK_INTERVAL_MS: '500',
        },
      },
    });
    queryUrl = system.services.get('query-service')!.url;
    answers = await system.tap(Topics.paymentEvents);
    requests = await system.tap(Topics.paymentRequests);
    notifications = await system.tap(Topics.channelNotifications);
    provider = spawnTs('apps/cli/src/main.ts', { KAFKA_BROKERS: TEST_KAFKA_BROKERS.join(','), TOPIC_NAMESPACE: system.namespace, KAFKA_LOG_LEVEL: 'ERROR' }, [
      'payments',
      'simulate',
    ]);
    await system.produce(Topics.warehouseOperations, [
      warehouseRegistered('WH-BER', 'DE', 'BE'),
      warehouseRegistered('WH-LYO', 'FR', 'ARA'),
      stockReceived('WH-BER', 'MUG', 20),
      stockReceived('WH-LYO', 'PLATE', 20),
      stockReceived('WH-BER', 'TEA', 20),
    ]);
    await waitFor(
      'every SKU known to the order service',
      async () => {
        const rows = (await system.db.dataSource.query(`SELECT count(*)::int AS n FROM order_known_skus`)) as { n: number }[];
        return rows[0].n === Object.keys(price).length;
      },
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await provider?.kill();
    await system?.stop();
  });

  const api = async (path: string) => {
    const res = await fetch(`${queryUrl}${path}`, { headers: await system.auth('auditor') });
    const body = (await res.json()) as D;
    expect([res.status, body]).toEqual([200, expect.anything()]);
    return body;
  };
  const submit = async (externalOrderId: string, lines: Line[], channel = 'webshop') => {
    await system.produce(Topics.channelOrders, [orderSubmitted(externalOrderId, lines, { channel })]);
    return orderIdFor(channel, externalOrderId);
  };
  const orderEvent = (orderId: string, type: string, where: (d: D) => boolean = () => true) =>
    system.waitForEvent<D>(StreamIds.order(orderId), type, where);
  const shipmentsOf = (orderId: string, count: number) =>
    waitFor(
      `${count} shipment(s) requested for ${orderId}`,
      async () => {
        const requested = (await system.orderEvents(orderId)).filter((e) => e.type === 'ShipmentRequested') as StoredEvent<string, D>[];
        return requested.length >= count ? requested.map((e) => e.data) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 150 },
    );
  const pickUp = async (shipment: D) => {
    await system.produce(Topics.warehouseOperations, [{ key: shipment.warehouseId, value: JSON.stringify(shipmentPacked(shipment.shipmentId)) }]);
    const booked = await system.waitForEvent<D>(StreamIds.shipment(shipment.shipmentId), 'ShipmentBooked');
    await system.produce(Topics.carrierTracking, [trackingUpdated(booked.data.carrier, booked.data.trackingNumber, 'PICKED_UP')]);
    return booked.data;
  };
  const deliver = (parcel: D) => system.produce(Topics.carrierTracking, [trackingUpdated(parcel.carrier, parcel.trackingNumber, 'DELIVERED')]);
  const answersFor = (paymentId: string) => answers.json<D>().filter((a) => a.paymentId === paymentId);

  it('authorises at confirmation, captures per shipment of a split order, refunds a return, and the finance report reconciles', async () => {
    const orderId = await submit('PAY-SPLIT-1', [line('MUG', 2), line('PLATE', 1)]);
    const total = 2 * price.MUG + price.PLATE;

    const requested = await orderEvent(orderId, 'OrderPaymentAuthorizationRequested');
    expect(requested.data).toMatchObject({ amountMinor: total, currency: 'EUR' });
    const request = await requests.waitFor<D>('the authorisation request', (r) => r.type === 'PaymentAuthorizationRequested' && r.orderId === orderId);
    expect(request).toMatchObject({ paymentId: requested.data.paymentId, amountMinor: total, channel: 'webshop', externalOrderId: 'PAY-SPLIT-1', idempotencyKey: expect.any(String) });
    await orderEvent(orderId, 'OrderPaymentAuthorized');
    // Not allocated before the authorisation: the allocation follows it in the order's history.
    const shipments = await shipmentsOf(orderId, 2);
    const history = (await system.orderEvents(orderId)).map((e) => e.type);
    expect(history.indexOf('StockAllocated')).toBeGreaterThan(history.indexOf('OrderPaymentAuthorized'));

    const parcels = [];
    for (const shipment of shipments) parcels.push({ shipment, parcel: await pickUp(shipment) });
    for (const { shipment } of parcels) {
      const worth = (shipment.lines as { sku: keyof typeof price; quantity: number }[]).reduce((s, l) => s + l.quantity * price[l.sku], 0);
      const captured = await orderEvent(orderId, 'OrderPaymentCaptured', (d) => d.shipmentId === shipment.shipmentId);
      expect(captured.data).toMatchObject({ amountMinor: worth, source: 'PROVIDER', providerReference: expect.any(String) });
    }
    for (const { parcel } of parcels) await deliver(parcel);
    const delivered = await orderEvent(orderId, 'OrderDelivered');
    const lastDelivery = (await system.orderEvents(orderId)).filter((e) => e.type === 'ShipmentDelivered').at(-1)!;
    await waitFor('after-sales saw the delivery', () => system.applied('after-sales-service', lastDelivery.eventId));
    expect(delivered).toBeDefined();

    await system.produce(Topics.channelOrders, [returnRequested('PAY-SPLIT-1', [{ sku: 'MUG', quantity: 1, reason: 'chipped' }], 'REFUND')]);
    const rma = await notifications.waitFor<D>('the return authorised', (n) => n.orderId === orderId && n.type === 'ReturnAuthorized');
    await system.produce(Topics.warehouseOperations, [returnParcelReceived(String(rma.rmaNumber), 'WH-BER', [{ sku: 'MUG', quantity: 1, condition: 'RESELLABLE' }])]);
    const settled = await orderEvent(orderId, 'OrderRefundSettled');
    expect(settled.data).toMatchObject({ amountMinor: price.MUG, refundId: `refund-${rma.rmaNumber}`, reason: 'RETURN' });

    const paymentId = requested.data.paymentId as string;
    const said = answersFor(paymentId);
    const sum = (type: string) => said.filter((a) => a.type === type).reduce((s, a) => s + (a.amountMinor as number), 0);
    expect([sum('PaymentAuthorized'), sum('PaymentCaptured'), sum('PaymentRefunded')]).toEqual([total, total, price.MUG]);

    const document = await waitFor('the order shows its payment settled', async () => {
      const doc = await api(`/orders/${orderId}`);
      return doc.refunds?.[0]?.status === 'SETTLED' && doc.payments?.[0]?.refundedMinor === price.MUG ? doc : undefined;
    });
    expect(document).toMatchObject({
      paymentMode: 'authorize-capture',
      payments: [{ paymentId, authorizedMinor: total, capturedMinor: total, refundedMinor: price.MUG }],
      refunds: [{ status: 'SETTLED', amountMinor: price.MUG }],
    });

    // The finance report against everything the provider answered for this channel, to the minor unit.
    const report = await waitFor('the finance report caught up', async () => {
      const r = await api(`/reports/finance?groupBy=channel&channel=webshop`);
      return r.totals?.refundedMinor >= price.MUG ? r : undefined;
    });
    const all = answers.json<D>();
    const webshopPayments = new Set(requests.json<D>().filter((r) => r.channel === 'webshop').map((r) => r.paymentId));
    const ofWebshop = all.filter((a) => webshopPayments.has(a.paymentId));
    const total$ = (type: string) => ofWebshop.filter((a) => a.type === type).reduce((s, a) => s + (a.amountMinor as number), 0);
    expect(report.totals).toMatchObject({
      authorizedMinor: total$('PaymentAuthorized'),
      capturedMinor: total$('PaymentCaptured'),
      refundedMinor: total$('PaymentRefunded'),
      failedPayments: ofWebshop.filter((a) => String(a.type).endsWith('Failed')).length,
    });
    expect(report.rows).toEqual([expect.objectContaining({ key: 'webshop', currency: 'EUR', capturedMinor: total$('PaymentCaptured') })]);
  });

  it('cancels an order whose authorisation is declined, tells the channel why, and never allocates it', async () => {
    const orderId = await submit('decline-1', [line('TEA', 1)]);
    const cancelled = await orderEvent(orderId, 'OrderCancelled');
    expect(cancelled.data.reason).toMatch(/^payment authorisation declined: /);
    const failed = await orderEvent(orderId, 'OrderPaymentAuthorizationFailed');
    expect(failed.data).toMatchObject({ cause: 'DECLINED' });
    const told = await notifications.waitFor<D>('the channel told', (n) => n.orderId === orderId && n.type === 'OrderCancelled');
    expect(told.reason).toBe(cancelled.data.reason);
    // Give inventory time to have acted on the confirmation, then check it held nothing for it.
    await waitFor('inventory saw the cancellation', () => system.applied('inventory-service', cancelled.eventId));
    const inventory = (await system.orderEvents(orderId)).filter((e) => ['StockAllocated', 'BackorderAllocated'].includes(e.type));
    expect(inventory).toEqual([]);
  });

  it("takes a checkout authorisation the channel reported before its order: nothing asked of the provider, captures against the channel's payment", async () => {
    const paymentId = 'shop-pay-EARLY-1';
    await system.produce(Topics.paymentEvents, [checkoutPayment('PaymentAuthorized', 'EARLY-1', paymentId, price.TEA)]);
    await waitFor('the early report held', async () => {
      const rows = (await system.db.dataSource.query(`SELECT 1 FROM order_early_checkout_payments WHERE payment_id = $1`, [paymentId])) as unknown[];
      return rows.length === 1;
    });
    const orderId = await submit('EARLY-1', [line('TEA', 1)]);
    const authorized = await orderEvent(orderId, 'OrderPaymentAuthorized');
    expect(authorized.data).toMatchObject({ paymentId, source: 'CHANNEL', amountMinor: price.TEA });
    const [shipment] = await shipmentsOf(orderId, 1);
    await pickUp(shipment);
    const captured = await orderEvent(orderId, 'OrderPaymentCaptured');
    expect(captured.data).toMatchObject({ paymentId, amountMinor: price.TEA, source: 'PROVIDER' });
    expect(requests.json<D>().filter((r) => r.orderId === orderId).map((r) => r.type)).toEqual(['PaymentCaptureRequested']);
  });

  it('invoices without a payment step: the amount stays outstanding in the finance report', async () => {
    const orderId = await submit('INV-1', [line('TEA', 3)], 'b2b');
    await shipmentsOf(orderId, 1);
    const document = await waitFor('the order projected', async () => {
      const doc = await api(`/orders/${orderId}`);
      return doc.status === 'ALLOCATED' ? doc : undefined;
    });
    expect(document).toMatchObject({ paymentMode: 'invoice', payments: [] });
    expect(requests.json<D>().filter((r) => r.orderId === orderId)).toEqual([]);
    const report = await waitFor('the invoice outstanding', async () => {
      const r = await api(`/reports/finance?groupBy=channel&channel=b2b`);
      return r.totals?.outstandingMinor === 3 * price.TEA ? r : undefined;
    });
    expect(report.totals).toMatchObject({ authorizedMinor: 0, capturedMinor: 0, refundedMinor: 0, outstandingMinor: 3 * price.TEA });
  });
});
