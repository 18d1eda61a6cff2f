import { z } from 'zod';
import { envelope } from './envelope';
import { currency, isoDate, isoDateTime, minorUnits, PricedLine, SkuQuantity } from './events/common';
import { derivedId } from './ids';

/**
 * `channel.notifications`, keyed `<channel>:<externalOrderId>`: one message for every change a
 * customer can see. messageId is derived from the event that caused it, so a republished event
 * gives the very same notification and channels can deduplicate by messageId.
 */
const about = {
  channel: z.string(),
  externalOrderId: z.string(),
  orderId: z.uuid(),
};

export const NotificationSchemas = {
  OrderConfirmed: envelope('OrderConfirmed', 1, {
    ...about,
    orderNumber: z.string(),
    lines: z.array(PricedLine),
    totalMinor: minorUnits,
    currency,
    estimatedDeliveryDate: isoDate,
  }),
  OrderRejected: envelope('OrderRejected', 1, { ...about, orderNumber: z.string(), reasons: z.array(z.string()).min(1) }),
  OrderBackordered: envelope('OrderBackordered', 1, { ...about, backordered: z.array(SkuQuantity) }),
  OrderShipped: envelope('OrderShipped', 1, {
    ...about,
    shipmentId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    lines: z.array(SkuQuantity),
  }),
  OrderDelayed: envelope('OrderDelayed', 1, { ...about, shipmentId: z.string(), previousEstimate: isoDate, newEstimate: isoDate }),
  OrderDelivered: envelope('OrderDelivered', 1, { ...about, deliveredAt: isoDateTime }),
  OrderCancelled: envelope('OrderCancelled', 1, {
    ...about,
    reason: z.string(),
    /** Made-to-order lines whose production had started and which the buyer still pays (docs/adr/0039). */
    charges: z.array(z.object({ sku: z.string(), productionOrderId: z.string(), amountMinor: minorUnits })).optional(),
  }),
  CancellationRejected: envelope('CancellationRejected', 1, { ...about, reason: z.string() }),
  OrderChanged: envelope('OrderChanged', 1, {
    ...about,
    changeId: z.string(),
    lines: z.array(PricedLine),
    totalMinor: minorUnits,
    currency,
  }),
  OrderChangeRejected: envelope('OrderChangeRejected', 1, { ...about, changeId: z.string(), reason: z.string(), shipmentId: z.string().optional() }),
  /** Made-to-order lines (docs/adr/0039): the factory started one, made one, or let its due date pass. */
  ProductionStarted: envelope('ProductionStarted', 1, { ...about, productionOrderId: z.string(), sku: z.string() }),
  ProductionCompleted: envelope('ProductionCompleted', 1, { ...about, productionOrderId: z.string(), sku: z.string(), quantity: z.number().int().positive() }),
  ProductionDelayed: envelope('ProductionDelayed', 1, {
    ...about,
    productionOrderId: z.string(),
    sku: z.string(),
    dueDate: isoDate,
    /** The delivery date the order was confirmed with: it will not be kept. */
    promisedBy: isoDate,
  }),
  ReturnAuthorized: envelope('ReturnAuthorized', 1, {
    ...about,
    rmaNumber: z.string(),
    lines: z.array(SkuQuantity),
    returnBy: isoDate,
  }),
  ReturnRejected: envelope('ReturnRejected', 1, { ...about, rmaNumber: z.string(), reason: z.string() }),
  RefundIssued: envelope('RefundIssued', 1, {
    ...about,
    amountMinor: minorUnits,
    currency,
    rmaNumber: z.string().optional(),
    complaintId: z.string().optional(),
  }),
  ExchangeShipped: envelope('ExchangeShipped', 1, {
    ...about,
    rmaNumber: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
  }),
  ComplaintAcknowledged: envelope('ComplaintAcknowledged', 1, { ...about, complaintId: z.string(), resolveBy: isoDateTime }),
  ComplaintResolved: envelope('ComplaintResolved', 1, {
    ...about,
    complaintId: z.string(),
    resolution: z.string(),
    goodwillRefundMinor: minorUnits.optional(),
  }),
} as const;

export type NotificationType = keyof typeof NotificationSchemas;
export type Notification = { [T in NotificationType]: z.infer<(typeof NotificationSchemas)[T]> }[NotificationType];

/** The fields of a stored event a notification is made from. */
export interface NotifiableEvent {
  eventId: string;
  type: string;
  data: unknown;
  recordedAt: Date;
}

type Data = Record<string, unknown> & { channel: string; externalOrderId: string; orderId: string };

/** Which stored event types a channel hears about, and what it is told. */
const FROM_EVENT: Record<string, (d: Data) => Record<string, unknown> & { type: NotificationType }> = {
  OrderConfirmed: (d) => ({
    type: 'OrderConfirmed',
    orderNumber: d.orderNumber,
    lines: d.lines,
    totalMinor: d.totalMinor,
    currency: d.currency,
    estimatedDeliveryDate: d.estimatedDeliveryDate,
  }),
  OrderRejected: (d) => ({ type: 'OrderRejected', orderNumber: d.orderNumber, reasons: d.reasons }),
  OrderBackordered: (d) => ({ type: 'OrderBackordered', backordered: d.backordered }),
  OrderShipmentDispatched: (d) => ({
    type: 'OrderShipped',
    shipmentId: d.shipmentId,
    carrier: d.carrier,
    trackingNumber: d.trackingNumber,
    lines: d.lines,
  }),
  OrderShipmentDelayed: (d) => ({
    type: 'OrderDelayed',
    shipmentId: d.shipmentId,
    previousEstimate: d.promisedBy,
    newEstimate: d.newEstimate,
  }),
  OrderDelivered: (d) => ({ type: 'OrderDelivered', deliveredAt: d.deliveredAt }),
  OrderCancelled: (d) => ({ type: 'OrderCancelled', reason: d.reason, charges: d.charges }),
  OrderCancellationRejected: (d) => ({ type: 'CancellationRejected', reason: d.reason }),
  OrderChanged: (d) => ({ type: 'OrderChanged', changeId: d.changeId, lines: d.lines, totalMinor: d.totalMinor, currency: d.currency }),
  OrderChangeRejected: (d) => ({ type: 'OrderChangeRejected', changeId: d.changeId, reason: d.reason, shipmentId: d.shipmentId }),
  OrderProductionStarted: (d) => ({ type: 'ProductionStarted', productionOrderId: d.productionOrderId, sku: d.sku }),
  OrderProductionCompleted: (d) => ({ type: 'ProductionCompleted', productionOrderId: d.productionOrderId, sku: d.sku, quantity: d.quantity }),
  OrderProductionDelayed: (d) => ({ type: 'ProductionDelayed', productionOrderId: d.productionOrderId, sku: d.sku, dueDate: d.dueDate, promisedBy: d.promisedBy }),
  ReturnAuthorized: (d) => ({
    type: 'ReturnAuthorized',
    rmaNumber: d.rmaNumber,
    lines: (d.lines as { sku: string; quantity: number }[]).map(({ sku, quantity }) => ({ sku, quantity })),
    returnBy: d.returnBy,
  }),
  ReturnRejected: (d) => ({ type: 'ReturnRejected', rmaNumber: d.rmaNumber, reason: d.reason }),
  RefundIssued: (d) => ({
    type: 'RefundIssued',
    amountMinor: d.amountMinor,
    currency: d.currency,
    rmaNumber: d.rmaNumber,
    complaintId: d.complaintId,
  }),
  ExchangeShipped: (d) => ({
    type: 'ExchangeShipped',
    rmaNumber: d.rmaNumber,
    carrier: d.carrier,
    trackingNumber: d.trackingNumber,
  }),
  ComplaintAcknowledged: (d) => ({ type: 'ComplaintAcknowledged', complaintId: d.complaintId, resolveBy: d.resolveBy }),
  ComplaintResolved: (d) => ({
    type: 'ComplaintResolved',
    complaintId: d.complaintId,
    resolution: d.resolution,
    goodwillRefundMinor: d.goodwillRefundMinor,
  }),
};

/** The notification a stored event gives rise to, or undefined when customers do not see it. */
export function notificationFor(event: NotifiableEvent): Notification | undefined {
  const make = FROM_EVENT[event.type];
  if (!make) return undefined;
  const d = event.data as Data;
  const body = make(d);
  const message = {
    version: 1,
    messageId: derivedId(event.eventId, 'notification'),
    occurredAt: event.recordedAt.toISOString(),
    channel: d.channel,
    externalOrderId: d.externalOrderId,
    orderId: d.orderId,
    ...body,
  };
  return JSON.parse(JSON.stringify(message)) as Notification; // drops undefined optionals
}

export const notificationKey = (n: { channel: string; externalOrderId: string }) => `${n.channel}:${n.externalOrderId}`;
