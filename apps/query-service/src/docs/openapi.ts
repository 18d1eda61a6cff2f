import { z } from 'zod';
import { ERASED, UNREADABLE } from '@orderflow/privacy';
import {
  AddressView,
  ComplaintView,
  CustomerView,
  OrderDocument,
  OrderLineView,
  ProjectionStatus,
  RefundView,
  ReturnLineView,
  ReturnView,
  ShipmentView,
  SkuQuantityView,
  TimelineEntry,
} from '@orderflow/projections';
import { AuditFinding } from '@orderflow/event-store';
import { Permission } from '@orderflow/security';
import { AuditedEvent, StreamPath, StreamQuery } from '../audit/audit.http-controller';
import { VerifyAnswer, VerifyQuery } from '../audit/audit-verification';
import { BadRequestBody, ErrorBody, PositionNotReachedBody, ServerErrorBody } from '../infrastructure/http/api-errors';
import { SkuStock, StockList, WarehouseStock } from '../inventory/inventory-queries';
import { SkuPath, SkuQuery, StockListQuery } from '../inventory/inventory.http-controller';
import { OrderPage, OrderSummary, Timeline } from '../orders/order-queries';
import { ChannelPath, ListQuery, OrderPath, OrderQuery, ReadQuery } from '../orders/orders.http-controller';
import { StatusQuery } from '../projections/projections.http-controller';
import { AfterSalesReport, FulfillmentReport, SalesReport, SalesRow, SalesTotals } from '../reports/report-queries';
import { DurationStats } from '../reports/report-window';
import { SalesQuery, WindowQuery } from '../reports/reports.http-controller';
import { ReturnPath, ShipmentPath } from '../shipments-and-returns/shipments-and-returns.http-controller';

/** The subset of OpenAPI 3.0 this document uses, typed so a typo fails to compile. */
export interface SchemaObject {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  format?: string;
  description?: string;
  nullable?: boolean;
  enum?: readonly (string | number)[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  $ref?: string;
  allOf?: SchemaObject[];
  example?: unknown;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
  schema: SchemaObject;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: SchemaObject }>;
  content?: Record<string, { schema: SchemaObject }>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: ParameterObject[];
  responses: Record<string, ResponseObject>;
  /** Who may call it (ADR 18): the bearer key, or nobody needed ([]) for the public routes. */
  security?: { bearerKey: string[] }[];
  'x-permission'?: string;
}

export interface OpenApiDocument {
  openapi: '3.0.3';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, { get: OperationObject }>;
  components: { schemas: Record<string, SchemaObject>; securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; description: string }> };
}

// --- schema helpers
const str = (description?: string, format?: string): SchemaObject => ({ type: 'string', ...(format ? { format } : {}), ...(description ? { description } : {}) });
const int = (description?: string): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}) });
const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const arr = (items: SchemaObject, description?: string): SchemaObject => ({ type: 'array', items, ...(description ? { description } : {}) });
const nullable = (schema: SchemaObject): SchemaObject => (schema.$ref ? { allOf: [schema], nullable: true } : { ...schema, nullable: true });
/** Every property required (nullable ones may be null). */
const obj = (properties: Record<string, SchemaObject>, description?: string): SchemaObject => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(description ? { description } : {}),
});

// --- parameters: generated from the schemas the routes validate them with
type Parameters = z.ZodObject;

/** The OpenAPI parameters of a route, from its path and query schemas (what arrives: strings). */
export function parametersOf(path: Parameters | undefined, query: Parameters | undefined): ParameterObject[] {
  const of = (schema: Parameters | undefined, location: 'path' | 'query'): ParameterObject[] => {
    if (!schema) return [];
    const json = z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0' }) as SchemaObject;
    return Object.entries(json.properties ?? {}).map(([name, { description, ...property }]) => {
      // A value that is no plain text is described by its type and format; the pattern that reads it says no more.
      const { pattern: _pattern, ...typed } = property as SchemaObject & { pattern?: string };
      return {
        name,
        in: location,
        ...(location === 'path' || json.required?.includes(name) ? { required: true } : {}),
        description: description ?? '',
        schema: typed.type !== 'string' || typed.format ? typed : property,
      };
    });
  };
  return [...of(path, 'path'), ...of(query, 'query')];
}

// --- responses
const POSITION = {
  'X-Projection-Position': {
    description: 'Global position of the last event the projection read here has applied (for audit and /projections: the store head).',
    schema: { type: 'integer', format: 'int64' } as SchemaObject,
  },
};
const json = (schema: SchemaObject) => ({ 'application/json': { schema } });
const ok = (schema: SchemaObject, description = 'OK'): ResponseObject => ({ description, headers: POSITION, content: json(schema) });
const ERRORS: Record<number, ResponseObject> = {
  400: { description: 'A query or path parameter is invalid: the body names it, what was expected and what arrived.', content: json(ref('BadRequest')) },
  404: { description: 'Not found.', headers: POSITION, content: json(ref('Error')) },
  409: {
    description: 'minPosition was not reflected in time (QUERY_MIN_POSITION_TIMEOUT_MS, 5 s by default); the body names the position reached.',
    headers: POSITION,
    content: json(ref('PositionNotReached')),
  },
  401: {
    description: 'No key, or a malformed, unknown or revoked one (WWW-Authenticate: Bearer). Send Authorization: Bearer <key>.',
    headers: { 'WWW-Authenticate': { description: 'Bearer realm="orderflow" (with error="invalid_token" for a bad key)', schema: str() } },
    content: json(ref('Error')),
  },
  403: { description: "The key's role lacks the permission this route needs; the body names it (missing) and the role.", content: json(ref('Error')) },
  429: {
    description: 'The key is over its rate (API_RATE_LIMIT_PER_SECOND, API_RATE_LIMIT_BURST per service replica). Retry after Retry-After seconds.',
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again.', schema: int() } },
    content: json(ref('Error')),
  },
  500: { description: 'Unexpected failure; the body carries a correlation id (also in X-Correlation-Id), never a stack trace.', content: json(ref('ServerError')) },
  503: {
    description:
      'Temporarily unavailable: the database is away or did not answer in time, as many requests as allowed already wait for a minPosition, ' +
      'or a verification of the whole store is already running in this process. Retry after Retry-After seconds.',
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again.', schema: int() } },
    content: json(ref('Error')),
  },
};

function get(
  operationId: string,
  tag: string,
  summary: string,
  options: { permission: Permission; description?: string; path?: Parameters; query: Parameters; response: ResponseObject; errors?: number[] },
): { get: OperationObject } {
  const errors = [400, 401, 403, ...(options.errors ?? []), 429, 500, 503];
  const needs = `Needs a key with the permission ${options.permission}.`;
  return {
    get: {
      operationId,
      summary,
      description: options.description ? `${needs} ${options.description}` : needs,
      security: [{ bearerKey: [] }],
      'x-permission': options.permission,
      tags: [tag],
      parameters: parametersOf(options.path, options.query),
      responses: { 200: options.response, ...Object.fromEntries(errors.map((code) => [String(code), ERRORS[code]])) },
    },
  };
}

/** A personal field: stored sealed with its customer's key (docs/adr/0022), opened for the answer. */
const personal = (): SchemaObject =>
  str(`Personal data, opened from its sealed form; "${ERASED}" once the customer was erased (npx orderflow gdpr erase), "${UNREADABLE}" when this service cannot open it (no PII_MASTER_KEY)`);

/**
 * Components generated from the zod schemas the answers' types are inferred from, through one
 * registry, so that they refer to each other by name.
 */
function componentsOf(parts: Record<string, z.ZodType>): Record<string, SchemaObject> {
  const components = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(parts)) components.add(schema, { id });
  const { schemas } = z.toJSONSchema(components, {
    target: 'openapi-3.0',
    uri: (id) => `#/components/schemas/${id}`,
    // A Date the handlers return leaves as JSON's ISO-8601 text.
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
    },
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $id: _id, ...schema }]) => {
      const json = schema as SchemaObject;
      // The placeholders are the privacy library's, which the projections do not know.
      for (const property of Object.values(json.properties ?? {})) if (property.description?.startsWith('Personal data')) Object.assign(property, personal());
      return [id, json];
    }),
  );
}

/** The answers whose personal fields the privacy layer opens say so when some were erased. */
const erased = z.literal(true).optional().describe('Present, and true, when personal fields of this answer were erased; absent otherwise');
const orderSummary = OrderSummary.extend({ personalDataErased: erased });

const schemas = componentsOf({
  // Answers other than 400, 409 and 500 may add details to it (the key's role and missing permission, a correlation id).
  Error: ErrorBody.loose(),
  BadRequest: BadRequestBody,
  PositionNotReached: PositionNotReachedBody,
  ServerError: ServerErrorBody,
  Customer: CustomerView,
  Address: AddressView,
  SkuQuantity: SkuQuantityView,
  OrderLine: OrderLineView,
  Shipment: ShipmentView,
  ReturnLine: ReturnLineView,
  Return: ReturnView,
  Complaint: ComplaintView,
  Refund: RefundView,
  Order: OrderDocument.extend({ personalDataErased: erased }),
  OrderSummary: orderSummary,
  OrderPage: OrderPage.extend({ orders: z.array(orderSummary) }),
  TimelineEntry,
  Timeline,
  DurationStats,
  SalesRow,
  SalesTotals,
  SalesReport,
  FulfillmentReport,
  AfterSalesReport,
  WarehouseStock,
  SkuStock,
  StockList,
  ProjectionStatus,
  AuditedEvent,
  AuditFinding,
  ChainReport: VerifyAnswer,
});

/**
 * The query API: the routes written here, their parameters and bodies generated from the schemas
 * that validate or type them (docs/adr/0024). A spec test compares it with the routes the app
 * registers, both ways, so it cannot silently drift.
 */
export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'orderflow query API',
    version: '1.0.0',
    description:
      'Order state, timelines, stock, reports and audit, projected from the event store. Every read carries ' +
      'X-Projection-Position; pass minPosition to read your own writes. Money is integer minor units per currency.',
  },
  servers: [{ url: 'http://127.0.0.1:3000' }],
  tags: [
    { name: 'orders', description: 'Where an order is and what happened to it' },
    { name: 'inventory', description: 'Stock per SKU and warehouse' },
    { name: 'reports', description: 'How we are doing' },
    { name: 'operations', description: 'Projections, health and this document' },
    { name: 'audit', description: 'Stored events and their hash chains' },
  ],
  paths: {
    '/orders': get('listOrders', 'orders', 'Orders, newest first, filtered', {
      permission: 'orders:read',
      description: 'Cursor pagination on (placedAt, orderId), newest first: pass nextCursor as cursor until it is null.',
      query: ListQuery,
      response: ok(ref('OrderPage')),
      errors: [409],
    }),
    '/orders/{orderId}': get('getOrder', 'orders', 'One order, now or as it was at an instant', {
      permission: 'orders:read',
      description: 'With asOf, the same document folded by the same reducer from the events recorded at or before that instant.',
      path: OrderPath,
      query: OrderQuery,
      response: ok(ref('Order')),
      errors: [404, 409],
    }),
    '/orders/{orderId}/timeline': get('getOrderTimeline', 'orders', 'Every event that touched the order, from every service, in global order', {
      permission: 'orders:read',
      path: OrderPath,
      query: ReadQuery,
      response: ok(ref('Timeline')),
      errors: [404, 409],
    }),
    '/channels/{channel}/orders/{externalOrderId}': get('getOrderByChannelId', 'orders', "One order, by the channel's own id", {
      permission: 'orders:read',
      path: ChannelPath,
      query: ReadQuery,
      response: ok(ref('Order')),
      errors: [404, 409],
    }),
    '/shipments/{shipmentId}': get('getShipment', 'orders', 'One shipment, with its order', {
      permission: 'shipments:read',
      path: ShipmentPath,
      query: ReadQuery,
      response: ok({ allOf: [ref('Shipment'), obj({ orderId: str(), orderNumber: nullable(str()), channel: str(), externalOrderId: str() })] }),
      errors: [404, 409],
    }),
    '/returns/{rmaNumber}': get('getReturn', 'orders', 'One return, with its order', {
      permission: 'returns:read',
      path: ReturnPath,
      query: ReadQuery,
      response: ok({ allOf: [ref('Return'), obj({ orderId: str(), orderNumber: nullable(str()), channel: str(), externalOrderId: str() })] }),
      errors: [404, 409],
    }),
    '/inventory': get('listStock', 'inventory', 'Stock rows (SKU × warehouse), scarcest first', {
      permission: 'inventory:read',
      query: StockListQuery,
      response: ok(ref('StockList')),
      errors: [409],
    }),
    '/inventory/{sku}': get('getStock', 'inventory', 'One SKU: per warehouse on hand, reserved and available, and its backorders', {
      permission: 'inventory:read',
      path: SkuPath,
      query: SkuQuery,
      response: ok(ref('SkuStock')),
      errors: [404, 409],
    }),
    '/reports/sales': get('salesReport', 'reports', 'Orders, units and revenue per currency, and cancellations', {
      permission: 'reports:read',
      query: SalesQuery,
      response: ok(ref('SalesReport')),
      errors: [409],
    }),
    '/reports/fulfillment': get('fulfillmentReport', 'reports', 'Lead times, on-time delivery, delays and backorder ageing', {
      permission: 'reports:read',
      query: WindowQuery,
      response: ok(ref('FulfillmentReport')),
      errors: [409],
    }),
    '/reports/after-sales': get('afterSalesReport', 'reports', 'Returns, refunds, exchanges and complaints', {
      permission: 'reports:read',
      query: WindowQuery,
      response: ok(ref('AfterSalesReport')),
      errors: [409],
    }),
    '/projections': get('projectionStatus', 'operations', "Each projection's checkpoint, the store head, lag, and rebuild progress", {
      permission: 'projections:read',
      query: StatusQuery,
      response: ok(obj({ projections: arr(ref('ProjectionStatus')) })),
      errors: [409],
    }),
    '/audit/streams/{streamId}': get('auditStream', 'audit', 'The raw stored events of a stream, with their hashes', {
      permission: 'audit:read',
      path: StreamPath,
      query: StreamQuery,
      response: ok(obj({ streamId: str(), events: arr(ref('AuditedEvent')) })),
      errors: [404, 409],
    }),
    '/audit/verify': get('auditVerify', 'audit', 'Prove that no stored event was altered or removed: every hash chain, every sealed stream head, the chain of seals', {
      permission: 'audit:read',
      description:
        'One stream (streamId) is verified whole. The whole store is verified a page at a time: each answer covers at most `limit` streams ' +
        'and 100,000 events, and names the cursor of the next page; pass nextCursor as cursor until it is null, and read every page\'s findings. ' +
        'The last pages check the chain of seals. Only one page of a whole-store verification runs at a time per service process: ' +
        'another is answered 503 with Retry-After. Without the seals key (AUDIT_HMAC_KEY), only the hash chains are checked and seals.checked is false.',
      query: VerifyQuery,
      response: ok(ref('ChainReport')),
      errors: [404, 409],
    }),
    '/health': {
      get: {
        operationId: 'health',
        security: [],
        summary: 'Database and Kafka reachable',
        tags: ['operations'],
        responses: {
          200: { description: 'Up', content: json({ type: 'object' }) },
          503: { description: 'A dependency is down; the body names it', content: json({ type: 'object' }) },
        },
      },
    },
    '/docs': {
      get: {
        operationId: 'docsPage',
        security: [],
        summary: 'This document as a readable HTML page',
        tags: ['operations'],
        responses: { 200: { description: 'HTML', content: { 'text/html': { schema: str() } } } },
      },
    },
    '/docs/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        security: [],
        summary: 'This document',
        tags: ['operations'],
        responses: { 200: { description: 'OpenAPI 3 document', content: json({ type: 'object' }) } },
      },
    },
  },
  components: {
    schemas,
    securitySchemes: {
      bearerKey: { type: 'http', scheme: 'bearer', description: 'An API key, ofk_<id>_<secret>: npx orderflow keys create --role <role>' },
    },
  },
};
