import { Injectable } from '@nestjs/common';
import {
  OrderEvent,
  orderIdFor,
  StreamIds,
  PaymentAuthorizationFailed,
  PaymentAuthorized,
  PaymentCaptured,
  PaymentCaptureFailed,
  PaymentEventMessage,
  PaymentRefundFailed,
} from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { OrderCommand, orderDecider } from '../domain/order.decider';
import { CheckoutReport } from '../domain/order-payments';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/**
 * The payment provider's answers on payment.events become facts of the order they belong to. The
 * order is found from the answer's orderId, the channel's order reference, or the paymentId that
 * orderflow made. An answer about no payment of any order is refused (dead-lettered with why).
 */
@Injectable()
export class PaymentAnswerHandler {
  constructor(private readonly index: OrderPaymentIndex) {}

  async handle(message: PaymentEventMessage, uow: UnitOfWork): Promise<OrderEvent[]> {
    const report = checkoutReportOf(message, uow.now.toISOString());
    if (report) return this.checkoutPayment(report, uow);
    const orderId = await this.orderOf(message, uow);
    return this.index.execute(uow, orderId, this.commandFor(message, uow.now.toISOString()));
  }

  /**
   * A channel's report of its checkout payment. It may come before the order (another topic, no
   * order between them): then it is held, and the order takes it when it is placed (ADR 31).
   */
  private async checkoutPayment({ orderId, report }: { orderId: string; report: CheckoutReport }, uow: UnitOfWork): Promise<OrderEvent[]> {
    const loaded = await uow.load(StreamIds.order(orderId), orderDecider);
    if (loaded.state.status === 'NONE') {
      await this.index.hold(uow.tx, orderId, report);
      return [];
    }
    return this.index.execute(uow, orderId, { type: 'RecordCheckoutPayment', report });
  }

  private async orderOf(message: PaymentEventMessage, uow: UnitOfWork): Promise<string> {
    const named = message as Partial<PaymentAuthorized>;
    if (named.orderId) return named.orderId;
    if (named.channel && named.externalOrderId) return orderIdFor(named.channel, named.externalOrderId);
    const indexed = await this.index.orderOf(uow.tx, message.paymentId);
    if (!indexed) throw new DomainError('unknown-payment', `paymentId ${message.paymentId} is no payment of any order`);
    return indexed;
  }

  private commandFor(m: PaymentEventMessage, at: string): OrderCommand {
    const money = { paymentId: m.paymentId, amountMinor: m.amountMinor, currency: m.currency };
    switch (m.type) {
      case 'PaymentAuthorized':
        return { type: 'RecordAuthorization', answer: { outcome: 'AUTHORIZED', ...money, providerReference: m.providerReference, at } };
      case 'PaymentAuthorizationFailed':
        return { type: 'RecordAuthorization', answer: { outcome: 'DECLINED', paymentId: m.paymentId, reason: m.reason, ...reference(m), at } };
      case 'PaymentCaptured':
        return { type: 'RecordCapture', answer: { outcome: 'CAPTURED', ...money, shipmentId: shipmentOf(m), providerReference: m.providerReference, at } };
      case 'PaymentCaptureFailed':
        return { type: 'RecordCapture', answer: { outcome: 'FAILED', ...money, shipmentId: m.shipmentId, reason: m.reason, ...reference(m), at } };
      case 'PaymentRefunded':
        return { type: 'RecordRefundAnswer', answer: { outcome: 'REFUNDED', ...money, refundId: m.refundId, providerReference: m.providerReference, at } };
      case 'PaymentRefundFailed':
        return { type: 'RecordRefundAnswer', answer: { outcome: 'FAILED', ...money, refundId: m.refundId, reason: m.reason, ...reference(m), at } };
    }
  }
}

/** The checkout payment a channel reports: an authorisation or capture naming its order by the channel's reference. */
function checkoutReportOf(m: PaymentEventMessage, at: string): { orderId: string; report: CheckoutReport } | undefined {
  if (m.type !== 'PaymentAuthorized' && m.type !== 'PaymentCaptured') return undefined;
  if (m.orderId || !m.channel || !m.externalOrderId) return undefined;
  const kind = m.type === 'PaymentAuthorized' ? 'AUTHORIZED' : 'CAPTURED';
  const { paymentId, amountMinor, currency, providerReference } = m;
  return { orderId: orderIdFor(m.channel, m.externalOrderId), report: { kind, paymentId, amountMinor, currency, providerReference, at } };
}

const reference = (m: PaymentAuthorizationFailed | PaymentCaptureFailed | PaymentRefundFailed) =>
  m.providerReference ? { providerReference: m.providerReference } : {};

function shipmentOf(m: PaymentCaptured): string {
  if (!m.shipmentId) {
    throw new DomainError('capture-without-shipment', `payment ${m.paymentId}: orderflow captures per shipment, and this capture names none`);
  }
  return m.shipmentId;
}

