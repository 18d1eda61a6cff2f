import { randomUUID } from 'node:crypto';
import {
  ComplaintSubmitted,
  OrderEventData,
  orderIdFor,
  ReturnParcelReceived,
  ReturnRequested,
  ShippingEventData,
} from '@orderflow/contracts';
import { loadConfig, UnitOfWorkFactory } from '@orderflow/platform';
import { TestDatabase } from '@orderflow/testing';
import { EventStore } from '@orderflow/event-store';
import { ExchangeShippedHandler } from '../src/exchange-shipped/exchange-shipped.handler';
import { FileComplaintHandler } from '../src/file-complaint/file-complaint.handler';
import { AwaitedReturnChecker } from '../src/decide-awaited-return/awaited-return-checker';
import { DecideAwaitedReturnHandler } from '../src/decide-awaited-return/decide-awaited-return.handler';
import { AfterSalesConfig, afterSalesEnvSchema } from '../src/infrastructure/aftersales.config';
import { AwaitedReturnsRepository } from '../src/infrastructure/awaited-returns.repository';
import { AfterSalesNumbers } from '../src/infrastructure/aftersales-numbers';
import { DeliveryCaseRepository } from '../src/infrastructure/delivery-cases.repository';
import { OrderViewRepository } from '../src/infrastructure/order-view.repository';
import { OpenDeliveryCaseHandler } from '../src/open-delivery-case/open-delivery-case.handler';
import { ReceiveReturnParcelHandler } from '../src/receive-return-parcel/receive-return-parcel.handler';
import { RecordDeliveryHandler } from '../src/record-delivery/record-delivery.handler';
import { RecordOrderHandler } from '../src/record-order/record-order.handler';
import { RequestReturnHandler } from '../src/request-return/request-return.handler';
import { ResolveComplaintHandler } from '../src/resolve-complaint/resolve-complaint.handler';

/** The service's defaults: a 30-day return window, 72 h (24 h for delivery cases), 5 days for exchanges. */
export const config = loadConfig(afterSalesEnvSchema, {});

/** Every handler of the service, wired as Nest would wire them. */
export function afterSales(settings: AfterSalesConfig = config) {
  const orders = new OrderViewRepository();
  const numbers = new AfterSalesNumbers();
  const awaited = new AwaitedReturnsRepository();
  const decideAwaited = new DecideAwaitedReturnHandler(orders, awaited, settings);
  return {
    orders,
    awaited,
    decideAwaited,
    recordOrder: new RecordOrderHandler(orders, decideAwaited),
    recordDelivery: new RecordDeliveryHandler(orders, decideAwaited),
    requestReturn: new RequestReturnHandler(orders, numbers, awaited, settings),
    receiveParcel: new ReceiveReturnParcelHandler(orders, config),
    exchangeShipped: new ExchangeShippedHandler(),
    fileComplaint: new FileComplaintHandler(numbers, config),
    openDeliveryCase: new OpenDeliveryCaseHandler(numbers, new DeliveryCaseRepository(), config),
    resolveComplaint: new ResolveComplaintHandler(orders),
  };
}

export const shipTo = { line1: 'Hauptstr. 1', city: 'Berlin', region: 'BE', postalCode: '10115', country: 'DE' };

/** An order of 2 red mugs at 12.50 EUR and 3 green teas at 8.99 EUR. */
export function confirmedOrder(externalOrderId: string): OrderEventData<'OrderConfirmed'> {
  const lines = [
    { sku: 'MUG-RED', quantity: 2, unitPriceMinor: 1250 },
    { sku: 'TEA-GREEN', quantity: 3, unitPriceMinor: 899 },
  ];
  return {
    orderId: orderIdFor('webshop', externalOrderId),
    channel: 'webshop',
    externalOrderId,
    orderNumber: `OF-${externalOrderId}`,
    customer: { id: 'C-7', name: 'Ada Lovelace', email: 'ada@example.com' },
    shippingAddress: shipTo,
    lines,
    currency: 'EUR',
    totalMinor: 2 * 1250 + 3 * 899,
    placedAt: '2026-03-01T09:00:00.000Z',
    confirmedAt: '2026-03-01T09:00:00.000Z',
    estimatedDeliveryDate: '2026-03-04',
    status: 'CONFIRMED',
  };
}

const orderRef = (externalOrderId: string) => ({
  orderId: orderIdFor('webshop', externalOrderId),
  channel: 'webshop',
  externalOrderId,
});

export function shipmentDelivered(
  externalOrderId: string,
  lines: { sku: string; quantity: number }[],
  deliveredAt = '2026-03-04T15:00:00.000Z',
  purpose: 'ORDER' | 'EXCHANGE' = 'ORDER',
): ShippingEventData<'ShipmentDelivered'> {
  return {
    shipmentId: `OF-${externalOrderId}-1`,
    ...orderRef(externalOrderId),
    purpose,
    carrier: 'ParcelNet',
    trackingNumber: `PN-${externalOrderId}`,
    lines,
    promisedBy: '2026-03-04',
    deliveredAt,
  };
}

export function returnRequested(
  externalOrderId: string,
  lines: { sku: string; quantity: number; reason?: string }[],
  resolution: 'REFUND' | 'EXCHANGE' = 'REFUND',
): ReturnRequested {
  return {
    type: 'ReturnRequested',
    version: 1,
    messageId: randomUUID(),
    occurredAt: new Date().toISOString(),
    channel: 'webshop',
    externalOrderId,
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason ?? 'not as described' })),
    resolution,
  };
}

export function parcelReceived(
  rmaNumber: string,
  lines: { sku: string; quantity: number; condition: 'RESELLABLE' | 'DAMAGED' }[],
): ReturnParcelReceived {
  return {
    type: 'ReturnParcelReceived',
    version: 1,
    messageId: randomUUID(),
    occurredAt: new Date().toISOString(),
    rmaNumber,
    warehouseId: 'WH-BER',
    lines,
  };
}

export function complaintSubmitted(externalOrderId: string, category = 'DAMAGED_GOODS'): ComplaintSubmitted {
  return {
    type: 'ComplaintSubmitted',
    version: 1,
    messageId: randomUUID(),
    occurredAt: new Date().toISOString(),
    channel: 'webshop',
    externalOrderId,
    category,
    message: 'The mug arrived broken',
  };
}

export function shipmentPickedUp(
  externalOrderId: string,
  shipmentId: string,
  purpose: 'ORDER' | 'EXCHANGE',
  rmaNumber?: string,
): ShippingEventData<'ShipmentPickedUp'> {
  return {
    shipmentId,
    ...orderRef(externalOrderId),
    purpose,
    ...(rmaNumber ? { rmaNumber } : {}),
    carrier: 'ParcelNet',
    trackingNumber: `PN-${shipmentId}`,
    warehouseId: 'WH-BER',
    lines: [{ sku: 'MUG-RED', quantity: 1 }],
    pickedUpAt: '2026-03-25T07:30:00.000Z',
  };
}

export function deliveryFailed(externalOrderId: string, shipmentId: string, location?: string): ShippingEventData<'ShipmentDeliveryFailed'> {
  return {
    shipmentId,
    ...orderRef(externalOrderId),
    purpose: 'ORDER',
    carrier: 'ParcelNet',
    trackingNumber: `PN-${shipmentId}`,
    ...(location ? { location } : {}),
    failedAt: '2026-03-04T15:00:00.000Z',
  };
}

export function shippedAfterCancellation(externalOrderId: string, shipmentId: string): OrderEventData<'OrderShippedAfterCancellation'> {
  return {
    ...orderRef(externalOrderId),
    shipmentId,
    carrier: 'ParcelNet',
    trackingNumber: `PN-${shipmentId}`,
    lines: [{ sku: 'MUG-RED', quantity: 1 }],
    dispatchedAt: '2026-03-04T15:00:00.000Z',
    status: 'CANCELLED',
  };
}

/** The scheduled check of waiting returns, as of `at`, over the test database. */
export function awaitedReturnChecker(db: TestDatabase, service: ReturnType<typeof afterSales>, at: Date, pageSize?: number) {
  const clock = () => at;
  const checker = new AwaitedReturnChecker(
    new UnitOfWorkFactory(new EventStore(db.dataSource), clock),
    clock,
    db.dataSource,
    service.awaited,
    service.decideAwaited,
  );
  return { check: () => checker.check(pageSize) };
}

/** The stored events of a stream, as type and data. */
export async function streamOf(db: TestDatabase, streamId: string) {
  const events = await new EventStore(db.dataSource).readStream(streamId);
  return events.map(({ type, data }) => ({ type, data }));
}
