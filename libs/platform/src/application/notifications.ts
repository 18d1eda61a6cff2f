import { notificationFor, notificationKey, paymentKey, paymentRequestFor, productionKey, productionRequestFor, stockAlertFor, stockAlertKey, Topics } from '@orderflow/contracts';
import { StoredEvent } from '@orderflow/event-store';
import { eventHeaders, OutgoingMessage } from '@orderflow/messaging';

/** Maps a stored event to the messages it gives rise to on one topic. */
export type DerivedMessages = (event: StoredEvent, topicOf: (contractTopic: string) => string) => OutgoingMessage[];

/**
 * The message a stored event gives rise to on another topic (a notification, a request to an
 * outside party, an alert), if any: keyed by `keyOf`, carrying the event's headers (its trace,
 * correlation and causation) under the message's own id, type and schema version.
 */
export function derivedMessages<M extends { messageId: string; type: string }>(
  contractTopic: string,
  derive: (event: StoredEvent) => M | undefined,
  keyOf: (message: M) => string,
): DerivedMessages {
  return (event, topicOf) => {
    const message = derive(event);
    if (!message) return [];
    return [
      {
        topic: topicOf(contractTopic),
        key: keyOf(message),
        value: JSON.stringify(message),
        headers: { ...eventHeaders(event), 'message-id': message.messageId, 'event-type': message.type, 'schema-version': '1' },
      },
    ];
  };
}

/** The customer notification a stored event gives rise to, as a message on channel.notifications. */
export const notificationMessages = derivedMessages(Topics.channelNotifications, notificationFor, notificationKey);

/** The request to the payment provider a stored order event gives rise to, as a message on payment.requests. */
export const paymentRequestMessages = derivedMessages(Topics.paymentRequests, paymentRequestFor, paymentKey);

/** The request to the factory a stored inventory event gives rise to, as a message on production.requests (docs/adr/0039). */
export const productionRequestMessages = derivedMessages(Topics.productionRequests, productionRequestFor, productionKey);

/** The low-stock alert a stored inventory event is, as a message on inventory.alerts (docs/adr/0036). */
export const stockAlertMessages = derivedMessages(Topics.inventoryAlerts, stockAlertFor, stockAlertKey);
