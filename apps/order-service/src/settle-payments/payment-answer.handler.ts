import { Injectable } from '@nestjs/common';
import {
  OrderEvent,
  orderIdFor,
  PaymentAuthorizationFailed,
  PaymentAuthorized,
  PaymentCaptured,
  PaymentCaptureFailed,
  PaymentEventMessage,
  PaymentRefundFailed,
} from '@orderflow/contracts';
import { DomainError } from '@orderflow/decider';
import { UnitOfWork } from '@orderflow/platform';
import { OrderCommand } from '../domain/order.decider';
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
    const orderId = await this.orderOf(message, uow);
    return this.index.execute(uow, orderId, this.commandFor(message, uow.now.toISOString()));
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

const reference = (m: PaymentAuthorizationFailed | PaymentCaptureFailed | PaymentRefundFailed) =>
  m.providerReference ? { providerReference: m.providerReference } : {};

function shipmentOf(m: PaymentCaptured): string {
  if (!m.shipmentId) {
    throw new DomainError('capture-without-shipment', `payment ${m.paymentId}: orderflow captures per shipment, and this capture names none`);
  }
  return m.shipmentId;
}

