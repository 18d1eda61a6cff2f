import { INBOUND_CATALOG, INBOUND_TOPICS, TopicName, Topics } from '@orderflow/contracts';
import { BEARER_KEY_SCHEME, componentsOf, PLATFORM_PATHS, OpenApiDocument, OperationObject, ResponseObject, SchemaObject } from '@orderflow/platform';
import { Permission } from '@orderflow/security';
import { WEBHOOK_PATHS, WEBHOOK_SCHEMAS } from './webhooks-openapi';

/** The route of each inbound topic (../ingest-messages/ingest-messages.http-controller.ts) and who may post to it. */
const ROUTES: Record<string, { path: string; operationId: string; permission: Permission; sender: string }> = {
  [Topics.channelOrders]: { path: '/v1/channel-orders', operationId: 'postChannelOrders', permission: 'channel-orders:send', sender: 'a channel key, for its own channel' },
  [Topics.warehouseOperations]: {
    path: '/v1/warehouse-operations',
    operationId: 'postWarehouseOperations',
    permission: 'warehouse-operations:send',
    sender: 'a warehouse key, for its own warehouse (or *)',
  },
  [Topics.carrierTracking]: { path: '/v1/carrier-tracking', operationId: 'postCarrierTracking', permission: 'carrier-tracking:send', sender: 'a carrier key, for its own carrier (or *)' },
  [Topics.productionEvents]: {
    path: '/v1/production-events',
    operationId: 'postProductionEvents',
    permission: 'production-events:send',
    sender: "a factory key, answering orderflow's production orders (docs/adr/0039)",
  },
};

// Every message type of every inbound topic, from the zod schemas the gateway (and the consumers) validate with.
const messages = componentsOf(
  Object.fromEntries(INBOUND_TOPICS.flatMap((topic) => Object.entries(INBOUND_CATALOG[topic]).map(([type, { schema }]) => [type, schema]))),
);

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string): SchemaObject => ({ type: 'string', description });
const json = (schema: SchemaObject) => ({ 'application/json': { schema } });
const error = (description: string): ResponseObject => ({ description, content: json(ref('Error')) });

const MessageResult: SchemaObject = {
  type: 'object',
  required: ['index', 'status'],
  properties: {
    index: { type: 'integer', description: 'Position of the message in the batch (0 for a single message)' },
    messageId: str('The message id, when the message had one'),
    status: { type: 'string', enum: ['published', 'duplicate', 'not_published', 'rejected'] },
    errors: { type: 'array', items: { type: 'object', properties: { field: str('The field'), message: str('What was expected, what arrived') } } },
  },
};

function ingest(topic: TopicName): { post: OperationObject } {
  const route = ROUTES[topic];
  const types = Object.keys(INBOUND_CATALOG[topic]);
  const message: SchemaObject = { oneOf: types.map(ref), description: `One ${topic} message: ${types.join(', ')}` };
  return {
    post: {
      operationId: route.operationId,
      summary: `Put ${topic} messages on Kafka, exactly as if produced there`,
      description:
        `Needs a key with the permission ${route.permission}: ${route.sender}. The body is one message or a JSON array of up to 1,000, ` +
        'each in the Kafka contract of the topic and checked as its consumers will; a batch is all or nothing.',
      tags: ['ingest'],
      security: [{ bearerKey: [] }],
      'x-permission': route.permission,
      parameters: [
        { name: 'Idempotency-Key', in: 'header', description: '1 to 255 visible ASCII characters: a repeated request is answered as the first, nothing published twice', schema: { type: 'string' } },
        { name: 'X-Correlation-Id', in: 'header', description: '1 to 128 visible ASCII characters, carried in the messages\' headers', schema: { type: 'string' } },
        { name: 'traceparent', in: 'header', description: 'W3C Trace Context; a malformed one is replaced', schema: { type: 'string' } },
      ],
      requestBody: { required: true, content: json({ oneOf: [message, { type: 'array', items: message }] }) },
      responses: {
        202: {
          description: 'Published (or recognised as duplicates): a result per message',
          headers: { 'Idempotent-Replayed': { description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key', schema: { type: 'string' } } },
          content: json(ref('IngestAccepted')),
        },
        400: error('The body is not JSON or UTF-8, not a message or array of 1 to 1,000, or a header is malformed: the message says which'),
        401: error('No key, or a malformed, unknown or revoked one (WWW-Authenticate: Bearer)'),
        403: error("The key's role lacks the permission, or a message speaks for another sender than the key's scope (each named)"),
        413: error('The body is over 1 MiB'),
        422: {
          description: 'A message breaks the contract (the whole batch is refused, with a result per message), or the Idempotency-Key was used for a different request',
          content: json(ref('Error')),
        },
        429: error('The key is over its rate; retry after Retry-After seconds'),
        503: error('Kafka or the database is away; retry after Retry-After seconds'),
      },
    },
  };
}

/** The ingest gateway's HTTP API, its bodies generated from the inbound contracts' zod schemas (docs/adr/0029). */
export const GATEWAY_OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'orderflow ingest gateway',
    version: '1.0.0',
    description:
      'HTTP in, Kafka out: for producers that cannot speak Kafka. Each route takes exactly the Kafka contract of one inbound topic (docs/asyncapi.yaml). ' +
      "And channel.notifications out to channels' signed webhooks (docs/adr/0035).",
  },
  servers: [{ url: 'http://127.0.0.1:3001' }],
  tags: [
    { name: 'ingest', description: 'Messages onto the inbound topics' },
    { name: 'webhooks', description: "Channels' signed webhooks: registration, delivery log, replay" },
    { name: 'operations', description: 'Health and this document' },
  ],
  paths: {
    '/v1/channel-orders': ingest(Topics.channelOrders),
    '/v1/warehouse-operations': ingest(Topics.warehouseOperations),
    '/v1/carrier-tracking': ingest(Topics.carrierTracking),
    '/v1/production-events': ingest(Topics.productionEvents),
    ...WEBHOOK_PATHS,
    ...PLATFORM_PATHS,
  },
  components: {
    schemas: {
      ...messages,
      MessageResult,
      ...WEBHOOK_SCHEMAS,
      IngestAccepted: {
        type: 'object',
        required: ['topic', 'published', 'duplicates', 'results'],
        properties: { topic: str('The physical topic'), published: { type: 'integer' }, duplicates: { type: 'integer' }, results: { type: 'array', items: ref('MessageResult') } },
      },
      Error: { type: 'object', required: ['statusCode', 'message'], properties: { statusCode: { type: 'integer' }, error: str('The status text'), message: str('What went wrong') } },
    },
    securitySchemes: BEARER_KEY_SCHEME,
  },
};
