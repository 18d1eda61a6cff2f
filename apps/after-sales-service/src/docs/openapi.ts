import { BEARER_KEY_SCHEME, PLATFORM_PATHS, jsonBodyOf, OpenApiDocument, ResponseObject, SchemaObject } from '@orderflow/platform';
import { ResolutionBody } from '../resolve-complaint/resolve-complaint.http.controller';

const json = (schema: SchemaObject) => ({ 'application/json': { schema } });
const ERROR: SchemaObject = { $ref: '#/components/schemas/Error' };
const error = (description: string): ResponseObject => ({ description, content: json(ERROR) });

/** The after-sales service's operator endpoint, its body generated from the schema it validates with (docs/adr/0029). */
export const AFTER_SALES_OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'orderflow after-sales operator API',
    version: '1.0.0',
    description: 'Operators resolve complaints here; everything else of after-sales arrives over Kafka. Money is integer minor units in the order\'s currency.',
  },
  servers: [{ url: 'http://127.0.0.1:3013' }],
  tags: [
    { name: 'complaints', description: 'Resolving complaints, with an optional goodwill refund' },
    { name: 'operations', description: 'Health and this document' },
  ],
  paths: {
    '/complaints/{complaintId}/resolution': {
      post: {
        operationId: 'resolveComplaint',
        summary: 'Resolve a complaint, optionally with a goodwill refund',
        description:
          'Needs a key with the permission complaints:resolve. A goodwill refund is capped at what is left to refund of the order (paid minus refunded, ADR 21). ' +
          'The actor recorded is the key.',
        tags: ['complaints'],
        security: [{ bearerKey: [] }],
        'x-permission': 'complaints:resolve',
        parameters: [
          { name: 'complaintId', in: 'path', required: true, description: 'The complaint, as ComplaintSubmitted named it', schema: { type: 'string' } },
          { name: 'X-Correlation-Id', in: 'header', description: 'Carried into the recorded events\' metadata', schema: { type: 'string' } },
        ],
        requestBody: jsonBodyOf(ResolutionBody),
        responses: {
          200: {
            description: 'Resolved: the complaint and the events recorded',
            content: json({
              type: 'object',
              required: ['complaintId', 'status', 'events'],
              properties: {
                complaintId: { type: 'string' },
                status: { type: 'string', enum: ['RESOLVED'] },
                events: { type: 'array', items: { type: 'object', required: ['type', 'data'], properties: { type: { type: 'string' }, data: { type: 'object' } } } },
              },
            }),
          },
          400: error('The body is invalid: the message names each field, what was expected and what arrived'),
          401: error('No key, or a malformed, unknown or revoked one (WWW-Authenticate: Bearer)'),
          403: error("The key's role lacks complaints:resolve"),
          404: error('No such complaint'),
          409: error('The complaint is already resolved'),
          422: error('Refused: a goodwill refund above what is left to refund (the body adds field, refundableMinor, paidMinor, refundedMinor, currency), or an unknown order'),
          429: error('The key is over its rate; retry after Retry-After seconds'),
          503: error('The database is away; retry'),
        },
      },
    },
    ...PLATFORM_PATHS,
  },
  components: {
    schemas: {
      Error: { type: 'object', required: ['statusCode', 'message'], properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } } },
    },
    securitySchemes: BEARER_KEY_SCHEME,
  },
};
