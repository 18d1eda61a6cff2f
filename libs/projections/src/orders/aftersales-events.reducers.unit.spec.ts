import { ServiceEvent } from '../events';
import { address, confirmed, fold, fullyDelivered, line, orderId, placed, placedAt, ref, shipmentOf, shipmentRef, stored } from './order-events.fixtures';
import { foldOrder } from './order.reducer';

describe('the order document from after-sales', () => {
  const rma = { rmaNumber: 'RMA-000001', ...ref };
  const authorized: ServiceEvent = {
    type: 'ReturnAuthorized',
    data: {
      ...rma,
      lines: [{ sku: 'TEA-GREEN', quantity: 2, reason: 'damaged in transit', unitPriceMinor: 899 }],
      resolution: 'REFUND',
      currency: 'EUR',
      returnBy: '2026-03-20',
      authorizedAt: '2026-03-05T09:00:00.000Z',
    },
  };

  it('a refunded return shows what came back, in which condition, and the money returned', () => {
    const doc = fold(
      ...fullyDelivered,
      authorized,
      {
        type: 'ReturnReceived',
        data: {
          ...rma,
          warehouseId: 'WH-HAM',
          lines: [
            { sku: 'TEA-GREEN', quantity: 1, condition: 'RESELLABLE' },
            { sku: 'TEA-GREEN', quantity: 1, condition: 'DAMAGED' },
          ],
          receivedAt: '2026-03-08T09:00:00.000Z',
        },
      },
      {
        type: 'RefundIssued',
        data: { ...ref, rmaNumber: 'RMA-000001', amountMinor: 1798, currency: 'EUR', reason: 'RETURN', issuedAt: '2026-03-08T09:00:01.000Z' },
      },
    );
    expect(doc.returns).toEqual([
      expect.objectContaining({
        rmaNumber: 'RMA-000001',
        status: 'REFUNDED',
        refundMinor: 1798,
        receivedAt: '2026-03-08T09:00:00.000Z',
        lines: [{ sku: 'TEA-GREEN', quantity: 2, reason: 'damaged in transit', unitPriceMinor: 899, received: 2, resellable: 1, damaged: 1 }],
      }),
    ]);
    expect(line(doc, 'TEA-GREEN').returned).toBe(2);
    expect(doc.refundedMinor).toBe(1798);
    expect(doc.status).toBe('DELIVERED');
  });

  it('an exchange moves to EXCHANGED and its replacement shipment does not count as the order shipping again', () => {
    const exchange = { ...authorized, data: { ...authorized.data, resolution: 'EXCHANGE' as const } } as ServiceEvent;
    const replacement = { shipmentId: 'RMA-000001-1', warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 2 }] };
    const doc = fold(
      ...fullyDelivered,
      exchange,
      {
        type: 'ReturnReceived',
        data: { ...rma, warehouseId: 'WH-HAM', lines: [{ sku: 'TEA-GREEN', quantity: 2, condition: 'DAMAGED' }], receivedAt: '2026-03-08T09:00:00.000Z' },
      },
      {
        type: 'ExchangeReplacementRequested',
        data: { ...rma, lines: replacement.lines, shipTo: address, promisedBy: '2026-03-12', requestedAt: '2026-03-08T09:00:01.000Z' },
      },
      {
        type: 'StockAllocated',
        data: {
          reservationId: 'RMA-000001',
          ...ref,
          purpose: 'EXCHANGE',
          rmaNumber: 'RMA-000001',
          shipTo: address,
          promisedBy: '2026-03-12',
          shipments: [replacement],
          backordered: [],
          allocatedAt: '2026-03-08T09:01:00.000Z',
        },
      },
      {
        type: 'ShipmentPickedUp',
        data: {
          ...shipmentRef('RMA-000001-1', 'EXCHANGE', 'RMA-000001'),
          carrier: 'ParcelNet',
          trackingNumber: 'PN-X',
          warehouseId: 'WH-HAM',
          lines: replacement.lines,
          pickedUpAt: '2026-03-09T10:00:00.000Z',
        },
      },
      {
        type: 'ExchangeShipped',
        data: { ...rma, shipmentId: 'RMA-000001-1', carrier: 'ParcelNet', trackingNumber: 'PN-X', shippedAt: '2026-03-09T10:00:00.000Z' },
      },
    );
    expect(doc.returns[0]).toMatchObject({
      status: 'EXCHANGED',
      resolution: 'EXCHANGE',
      exchange: { shipmentId: 'RMA-000001-1', carrier: 'ParcelNet', trackingNumber: 'PN-X', shippedAt: '2026-03-09T10:00:00.000Z' },
    });
    expect(shipmentOf(doc, 'RMA-000001-1')).toMatchObject({ purpose: 'EXCHANGE', rmaNumber: 'RMA-000001', status: 'PICKED_UP' });
    expect(line(doc, 'TEA-GREEN')).toMatchObject({ allocated: 3, shipped: 3, delivered: 3, returned: 2 });
  });

  it('a return waiting for its delivery shows as AWAITING_DELIVERY, then as decided', () => {
    const awaiting: ServiceEvent = {
      type: 'ReturnAwaitingDelivery',
      data: {
        ...rma,
        lines: [{ sku: 'TEA-GREEN', quantity: 2, reason: 'damaged in transit' }],
        resolution: 'REFUND',
        awaiting: ['SKU TEA-GREEN has not been delivered'],
        awaitDeliveryUntil: '2026-03-08T09:00:00.000Z',
        requestedAt: '2026-03-05T09:00:00.000Z',
      },
    };
    const waiting = fold(placed, confirmed, awaiting);
    expect(waiting.returns).toMatchObject([
      { rmaNumber: 'RMA-000001', status: 'AWAITING_DELIVERY', lines: [{ sku: 'TEA-GREEN', quantity: 2, unitPriceMinor: null, received: 0 }] },
    ]);
    expect(fold(placed, confirmed, awaiting, authorized).returns).toMatchObject([{ status: 'AUTHORIZED', lines: [{ unitPriceMinor: 899 }] }]);
  });

  it('a rejected return is kept with its reason', () => {
    const doc = fold(...fullyDelivered, {
      type: 'ReturnRejected',
      data: {
        ...rma,
        lines: [{ sku: 'MUG-RED', quantity: 5, reason: 'too many' }],
        resolution: 'REFUND',
        reason: 'asks for more than was delivered',
        rejectedAt: '2026-03-05T09:00:00.000Z',
      },
    });
    expect(doc.returns[0]).toMatchObject({ status: 'REJECTED', rejectionReason: 'asks for more than was delivered' });
    expect(line(doc, 'MUG-RED').returned).toBe(0);
  });

  it('a complaint is opened, acknowledged with a deadline and resolved with goodwill', () => {
    const complaint = { complaintId: 'CMP-000001', ...ref };
    const doc = fold(
      ...fullyDelivered,
      {
        type: 'ComplaintOpened',
        data: { ...complaint, category: 'late', message: 'late again', source: 'CUSTOMER', openedAt: '2026-03-05T08:00:00.000Z' },
      },
      { type: 'ComplaintAcknowledged', data: { ...complaint, resolveBy: '2026-03-07T08:00:00.000Z', acknowledgedAt: '2026-03-05T08:00:00.000Z' } },
    );
    expect(doc.complaints[0]).toMatchObject({ status: 'OPEN', resolveBy: '2026-03-07T08:00:00.000Z' });
    const resolved = foldOrder(doc, [
      stored({
        type: 'ComplaintResolved',
        data: { ...complaint, resolution: 'voucher', goodwillRefundMinor: 500, currency: 'EUR', resolvedAt: '2026-03-06T08:00:00.000Z' },
      }),
      stored({
        type: 'RefundIssued',
        data: { ...ref, complaintId: 'CMP-000001', amountMinor: 500, currency: 'EUR', reason: 'GOODWILL', issuedAt: '2026-03-06T08:00:00.000Z' },
      }),
    ])!;
    expect(resolved.complaints[0]).toMatchObject({ status: 'RESOLVED', resolution: 'voucher', goodwillRefundMinor: 500 });
    // The decision: REQUESTED under the refundId the order service asks the provider with, until it answers.
    expect(resolved.refunds).toEqual([
      {
        refundId: 'refund-CMP-000001',
        status: 'REQUESTED',
        amountMinor: 500,
        requestedMinor: null,
        settledMinor: null,
        currency: 'EUR',
        reason: 'GOODWILL',
        rmaNumber: null,
        complaintId: 'CMP-000001',
        paymentId: null,
        providerReference: null,
        failureReason: null,
        issuedAt: '2026-03-06T08:00:00.000Z',
        requestedAt: null,
        settledAt: null,
        failedAt: null,
      },
    ]);
  });

  it('a return for an order never placed makes a document without an order number', () => {
    const doc = fold({
      type: 'ReturnRejected',
      data: { ...rma, lines: [{ sku: 'MUG-RED', quantity: 1, reason: 'x' }], resolution: 'REFUND', reason: 'unknown order', rejectedAt: placedAt },
    });
    expect(doc).toMatchObject({ orderId, orderNumber: null, placedAt: null, status: null, channel: 'webshop' });
  });

  it('given ExchangeReplacementRequested, the return waits for its replacement', () => {
    const exchange = { ...authorized, data: { ...authorized.data, resolution: 'EXCHANGE' as const } } as ServiceEvent;
    const doc = fold(...fullyDelivered, exchange, {
      type: 'ExchangeReplacementRequested',
      data: { ...rma, lines: [{ sku: 'TEA-GREEN', quantity: 2 }], shipTo: address, promisedBy: '2026-03-12', requestedAt: '2026-03-08T09:00:01.000Z' },
    });
    expect(doc.returns[0]).toMatchObject({ status: 'EXCHANGE_PENDING', resolution: 'EXCHANGE', exchangeRequestedAt: '2026-03-08T09:00:01.000Z', exchange: null });
  });

  it('given a complaint opened twice, it is listed once; given events of an unknown complaint, nothing changes', () => {
    const complaint = { complaintId: 'CMP-000001', ...ref };
    const opened: ServiceEvent = {
      type: 'ComplaintOpened',
      data: { ...complaint, category: 'damaged', message: 'broken', source: 'CARRIER', shipmentId: 'OF-000001-1', openedAt: '2026-03-05T08:00:00.000Z' },
    };
    const doc = fold(placed, confirmed, opened, opened);
    expect(doc.complaints).toEqual([
      {
        complaintId: 'CMP-000001',
        status: 'OPEN',
        category: 'damaged',
        source: 'CARRIER',
        shipmentId: 'OF-000001-1',
        message: 'broken',
        openedAt: '2026-03-05T08:00:00.000Z',
        acknowledgedAt: null,
        resolveBy: null,
        resolvedAt: null,
        resolution: null,
        goodwillRefundMinor: null,
      },
    ]);
    const other = { complaintId: 'CMP-000002', ...ref };
    const after = foldOrder(doc, [
      stored({ type: 'ComplaintAcknowledged', data: { ...other, resolveBy: '2026-03-07T08:00:00.000Z', acknowledgedAt: '2026-03-05T08:00:00.000Z' } }),
      stored({ type: 'ComplaintResolved', data: { ...other, resolution: 'none', resolvedAt: '2026-03-06T08:00:00.000Z' } }),
    ])!;
    expect(after.complaints).toEqual(doc.complaints);
  });

  it('given a goodwill refund, the money returned adds up without touching any return', () => {
    const goodwill = (amountMinor: number): ServiceEvent => ({
      type: 'RefundIssued',
      data: { ...ref, amountMinor, currency: 'EUR', reason: 'GOODWILL', issuedAt: '2026-03-06T08:00:00.000Z' },
    });
    const doc = fold(...fullyDelivered, goodwill(300), goodwill(200));
    expect(doc.refundedMinor).toBe(500);
    expect(doc.refunds.map((r) => [r.amountMinor, r.rmaNumber, r.complaintId])).toEqual([
      [300, null, null],
      [200, null, null],
    ]);
    expect(doc.returns).toEqual([]);
  });
});
