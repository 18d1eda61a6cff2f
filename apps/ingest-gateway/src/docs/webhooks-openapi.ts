import { jsonBodyOf, OperationObject, parametersOf, PathItem, ResponseObject, SchemaObject } from '@orderflow/platform';
import { ChannelParam, SECRET_MAX_CHARS, SECRET_MIN_CHARS, webhookRegistration } from '../register-webhook/webhook-registration';
import { DeliveriesQuery, ReplayParams } from '../webhook-deliveries/webhook-deliveries.http-controller';

/** The webhook routes (docs/adr/0035): registration, the delivery log and replay, all `webhooks:manage`. */

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, nullable = false): SchemaObject => ({ type: 'string', description, ...(nullable ? { nullable: true } : {}) });
const time = (description: string, nullable = false): SchemaObject => ({ ...str(description, nullable), format: 'date-time' });
const json = (schema: SchemaObject) => ({ 'application/json': { schema } });
const error = (description: string): ResponseObject => ({ description, content: json(ref('Error')) });

const ACCESS = 'Needs webhooks:manage: a channel key for its own channel (another channel is answered 404, as if it did not exist), or an admin key for any.';

const common = (operationId: string, summary: string, description: string): Pick<OperationObject, 'operationId' | 'summary' | 'description' | 'tags' | 'security' | 'x-permission'> => ({
  operationId,
  summary,
  description: `${description} ${ACCESS}`,
  tags: ['webhooks'],
  security: [{ bearerKey: [] }],
  'x-permission': 'webhooks:manage',
});

const refusals = {
  401: error('No key, or a malformed, unknown or revoked one (WWW-Authenticate: Bearer)'),
  403: error("The key's role lacks webhooks:manage"),
  404: error('Not found, or another channel\'s (for a channel key)'),
  429: error('The key is over its rate; retry after Retry-After seconds'),
};

const channelPath = parametersOf(ChannelParam, undefined);

export const WEBHOOK_PATHS: Record<string, PathItem> = {
  '/admin/channels/{channel}/webhook': {
    put: {
      ...common(
        'putChannelWebhook',
        "Register or replace the channel's webhook",
        'Every notification the channel gets on channel.notifications is then also POSTed to the URL, with Orderflow-Message-Id and ' +
          'Orderflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>. Retried with capped exponential ' +
          "backoff until delivered (a 2xx) or given up (24 h by default); one order's notifications in order. The secret is never returned.",
      ),
      parameters: channelPath,
      requestBody: jsonBodyOf(webhookRegistration(true), `url: http(s), without credentials; secret: ${SECRET_MIN_CHARS} to ${SECRET_MAX_CHARS} characters`),
      responses: {
        200: { description: 'Registered (the secret is not in the answer)', content: json(ref('WebhookEndpoint')) },
        400: error('The body is not JSON, or a field is wrong: the message names it (never the secret\'s value)'),
        ...refusals,
      },
    },
    get: {
      ...common('getChannelWebhook', "The channel's webhook", 'Its URL and who registered it when; never the secret.'),
      parameters: channelPath,
      responses: { 200: { description: 'The webhook', content: json(ref('WebhookEndpoint')) }, 400: error('The channel is malformed'), ...refusals },
    },
    delete: {
      ...common('deleteChannelWebhook', "Remove the channel's webhook", 'Deliveries still pending are marked failed ("the webhook was unregistered") and stay in the log; later notifications are not kept for it.'),
      parameters: channelPath,
      responses: { 204: { description: 'Removed' }, 400: error('The channel is malformed'), ...refusals },
    },
  },
  '/admin/channels/{channel}/webhook/deliveries': {
    get: {
      ...common('getChannelWebhookDeliveries', 'The delivery log', 'Newest first: each notification\'s state, attempts (the latest 20 with their outcome), next attempt and delivery time. No bodies.'),
      parameters: parametersOf(ChannelParam, DeliveriesQuery),
      responses: {
        200: { description: 'Deliveries', content: json({ type: 'object', required: ['channel', 'deliveries'], properties: { channel: str('The channel'), deliveries: { type: 'array', items: ref('WebhookDelivery') } } }) },
        400: error('A parameter is wrong: the message names it'),
        ...refusals,
      },
    },
  },
  '/admin/channels/{channel}/webhook/deliveries/{messageId}/replay': {
    post: {
      ...common('replayChannelWebhookDelivery', 'Deliver a notification again', 'Whatever its state: pending and due at once, with the same Orderflow-Message-Id, a fresh signature and a fresh retry window.'),
      parameters: parametersOf(ChannelParam.extend({ messageId: ReplayParams.shape.messageId }), undefined),
      responses: { 202: { description: 'Queued again', content: json(ref('WebhookDelivery')) }, 400: error('The message id is not a UUID'), ...refusals },
    },
  },
};

export const WEBHOOK_SCHEMAS: Record<string, SchemaObject> = {
  WebhookEndpoint: {
    type: 'object',
    required: ['channel', 'url', 'registeredBy', 'registeredAt', 'updatedAt'],
    properties: {
      channel: str('The channel'),
      url: str('Where notifications are POSTed'),
      registeredBy: str('Who registered it: key:<id> (<role> "<name>"), or config:WEBHOOKS_FILE'),
      registeredAt: time('First registered'),
      updatedAt: time('Last replaced'),
    },
  },
  WebhookDelivery: {
    type: 'object',
    required: ['messageId', 'type', 'orderId', 'externalOrderId', 'status', 'attempts', 'replays', 'createdAt', 'history'],
    properties: {
      messageId: str("The notification's messageId, sent as Orderflow-Message-Id"),
      type: str('The notification type, e.g. OrderConfirmed'),
      orderId: { type: 'string', format: 'uuid', description: "orderflow's order id" },
      externalOrderId: str("The channel's order id"),
      status: { type: 'string', enum: ['pending', 'delivered', 'failed'], description: 'failed: given up after the retry window; replay sends it again' },
      attempts: { type: 'integer', description: 'Requests made' },
      replays: { type: 'integer', description: 'Times replayed' },
      createdAt: time('Enqueued (consumed from channel.notifications)'),
      lastAttemptAt: time('The latest request', true),
      lastStatusCode: { type: 'integer', nullable: true, description: 'Its HTTP status, if it got one' },
      lastError: str('Why it failed: HTTP <status>, a timeout or a connection error', true),
      nextAttemptAt: time('When it is tried next (pending only; an earlier notification of the same order goes first)', true),
      deliveredAt: time('When a 2xx came back', true),
      failedAt: time('When it was given up', true),
      history: {
        type: 'array',
        description: 'The latest 20 attempts, newest first',
        items: {
          type: 'object',
          properties: {
            attempt: { type: 'integer' },
            at: time('When it was sent'),
            statusCode: { type: 'integer', nullable: true },
            error: str('What went wrong', true),
            durationMs: { type: 'integer' },
          },
        },
      },
    },
  },
};
