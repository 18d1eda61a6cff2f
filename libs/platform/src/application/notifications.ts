import { notificationFor, notificationKey, paymentKey, paymentRequestFor, Topics } from '@orderflow/contracts';
import { StoredEvent } from '@orderflow/event-store';
import { eventHeaders, OutgoingMessage } from '@orderflow/messaging';

/** The customer notification a stored event gives rise to, as a message on channel.notifications. */
export function notificationMessages(event: StoredEvent, topicOf: (contractTopic: string) => string): OutgoingMessage[] {
  const notification = notificationFor(event);
  if (!notification) return [];
  return [
    {
      topic: topicOf(Topics.channelNotifications),
      key: notificationKey(notification),
      value: JSON.stringify(notification),
      headers: {
        ...eventHeaders(event),
        'message-id': notification.messageId,
        'event-type': notification.type,
        'schema-version': '1',
      },
    },
  ];
}

/** The request to the payment provider a stored order event gives rise to, as a message on payment.requests. */
export function paymentRequestMessages(event: StoredEvent, topicOf: (contractTopic: string) => string): OutgoingMessage[] {
  const request = paymentRequestFor(event);
  if (!request) return [];
  return [
    {
      topic: topicOf(Topics.paymentRequests),
      key: paymentKey(request),
      value: JSON.stringify(request),
      headers: {
        ...eventHeaders(event),
        'message-id': request.messageId,
        'event-type': request.type,
        'schema-version': '1',
      },
    },
  ];
}
