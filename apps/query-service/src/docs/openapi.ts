import { z } from 'zod';
import { ERASED, UNREADABLE } from '@orderflow/privacy';
import {
  AddressView,
  ComplaintView,
  CustomerView,
  OrderDocument,
  OrderLineView,
  PaymentView,
  ProjectionStatus,
  RefundView,
  ReturnLineView,
  ReturnView,
  ShipmentView,
  SkuQuantityView,
  TimelineEntry,
} from '@orderflow/projections';
import { AuditFinding } from '@orderflow/event-store';
// The document's types and generators are shared with the other services' documents (libs/platform http-docs).
import {
  BEARER_KEY_SCHEME,
  componentsOf,
  PLATFORM_PATHS,
  jsonBodyOf,
  OpenApiDocument,
  OperationObject,
  parametersOf,
  ResponseObject,
  SchemaObject,
} from '@orderflow/platform';
import { Permission } from '@orderflow/security';
import { AuditedEvent, StreamPath, StreamQuery } from '../audit/audit.http-controller';
import { VerifyAnswer, VerifyQuery } from '../audit/audit-verification';
import { DeadLetterCounts, DeadLetterListQuery, DeadLetterPage, DeadLetterPath, ReplayAnswer, ReplayBody } from '../dead-letters/dead-letters.http-controller';
import { BadRequestBody, ErrorBody, PositionNotReachedBody, ServerErrorBody } from '../infrastructure/http/api-errors';
import { SkuStock, StockList, WarehouseStock } from '../inventory/inventory-queries';
import { SkuPath, SkuQuery, StockListQuery } from '../inventory/inventory.http-controller';
import { StockHistory, StockPoint } from '../inventory/stock-history';
import { StockHistoryQuery } from '../inventory/stock-history.http-controller';
import { LiveOrder } from '../live/live-order-feed';
import { LiveQuery } from '../live/live.http-controller';
import {
  BackorderQueue,
  BackorderQueueItem,
  ComplaintQueue,
  ComplaintQueueItem,
  LateShipmentItem,
  LateShipmentQueue,
  ReturnAwaitedItem,
  ReturnsAwaitedQueue,
} from '../queues/queue-queries';
import { ComplaintQueueQuery, QueueQuery } from '../queues/queues.http-controller';
import { ProductionOrderItem, ProductionOrderPage } from '../production-orders/production-order-queries';
import { ProductionOrderQuery } from '../production-orders/production-orders.http-controller';
import { Funnel, OrdersPerMinute } from '../reports/overview-queries';
import { OrdersPerMinuteQuery } from '../reports/overview.http-controller';
import { OrderPage, OrderSummary, Timeline } from '../orders/order-queries';
import { ChannelPath, ListQuery, OrderPath, OrderQuery, ReadQuery } from '../orders/orders.http-controller';
import { PipelineLag } from '../pipeline/pipeline-lag';
import { PipelineQuery } from '../pipeline/pipeline.http-controller';
import { StatusQuery } from '../projections/projections.http-controller';
import { RebuildBody, RebuildStarted } from '../projections/rebuild.http-controller';
import { AfterSalesReport, FulfillmentReport, SalesReport, SalesRow, SalesTotals } from '../reports/report-queries';
import { DurationStats } from '../reports/report-window';
import { FinanceCurrencyTotals, FinanceReport, FinanceRow, FinanceTotals } from '../reports/finance-queries';
import { FinanceQuery } from '../reports/finance.http-controller';
import { CustomerReport } from '../reports/customer-queries';
import { CustomerPath, CustomerReportQuery } from '../reports/customer.http-controller';
import { DeliveryEmissionsReport, EmissionRow, EmissionTotals } from '../reports/emission-queries';
import { DeliveryEmissionsQuery } from '../reports/emissions.http-controller';
import { TrendRow, TrendsReport } from '../reports/trend-queries';
import { TrendsQuery } from '../reports/trends.http-controller';
import { ForecastSummary, ReplenishmentItem, ReplenishmentReport } from '../reports/replenishment-queries';
import { ReplenishmentQuery } from '../reports/replenishment.http-controller';
import { SalesQuery, WindowQuery } from '../reports/reports.http-controller';
import { ReturnPath, ShipmentPath } from '../shipments-and-returns/shipments-and-returns.http-controller';
import { Identity } from '../whoami/whoami.http-controller';


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

// --- responses
const POSITION = {
  'X-Projection-Position': {
    description: 'Global position of the last event the projection read here has applied (for audit and /projections: the store head).',
    schema: { type: 'integer', format: 'int64' } as SchemaObject,
  },
};
const json = (schema: SchemaObject) => ({ 'application/json': { schema } });
const ok = (schema: SchemaObject, description = 'OK'): ResponseObject => ({ description, headers: POSITION, content: json(schema) });
/** An answer read from Kafka or started in the background, not from a projection: no position header. */
const answer = (schema: SchemaObject, description = 'OK'): ResponseObject => ({ description, content: json(schema) });
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
  422: { description: 'Well-formed, but refused: the body says why.', content: json(ref('Error')) },
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

/** A report: read with reports:read, a 409 while its projection rebuilds, its body one schema. */
function report(
  operationId: string,
  summary: string,
  options: { description?: string; path?: Parameters; query: Parameters; schema: string; errors?: number[] },
): { get: OperationObject } {
  const { schema, errors = [], ...rest } = options;
  return get(operationId, 'reports', summary, { ...rest, permission: 'reports:read', response: ok(ref(schema)), errors: [...errors, 409] });
}

/** An operation that changes something: its body generated from the schema that validates it. */
function post(
  operationId: string,
  tag: string,
  summary: string,
  options: {
    permission: Permission;
    description?: string;
    path?: Parameters;
    body: z.ZodType;
    status: 200 | 202;
    response: ResponseObject;
    /** Errors beyond 400/401/403/429/500/503, each with what it means here. */
    errors?: Record<number, string>;
  },
): { post: OperationObject } {
  const needs = `Needs a key with the permission ${options.permission}.`;
  const specific = Object.entries(options.errors ?? {}).map(([code, description]) => [code, { ...ERRORS[Number(code)], description }]);
  const common = [400, 401, 403, 429, 500, 503].map((code) => [String(code), ERRORS[code]]);
  return {
    post: {
      operationId,
      summary,
      description: options.description ? `${needs} ${options.description}` : needs,
      security: [{ bearerKey: [] }],
      'x-permission': options.permission,
      tags: [tag],
      parameters: parametersOf(options.path, undefined),
      requestBody: jsonBodyOf(options.body),
      responses: {
        [options.status]: options.response,
        ...Object.fromEntries(common),
        400: { ...ERRORS[400], description: 'The body (or a path parameter) is invalid: the answer names each field, what was expected and what arrived.' },
        ...Object.fromEntries(specific),
      },
    },
  };
}

/** A personal field: stored sealed with its customer's key (docs/adr/0022), opened for the answer. */
const personal = (): SchemaObject =>
  str(`Personal data, opened from its sealed form; "${ERASED}" once the customer was erased (npx orderflow gdpr erase), "${UNREADABLE}" when this service cannot open it (no PII_MASTER_KEY)`);

/** The placeholders of personal fields are the privacy library's, which the projections do not know. */
function markPersonalFields(component: SchemaObject): void {
  for (const property of Object.values(component.properties ?? {})) if (property.description?.startsWith('Personal data')) Object.assign(property, personal());
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
  Identity,
  Customer: CustomerView,
  Address: AddressView,
  SkuQuantity: SkuQuantityView,
  OrderLine: OrderLineView,
  Shipment: ShipmentView,
  ReturnLine: ReturnLineView,
  Return: ReturnView,
  Complaint: ComplaintView,
  Refund: RefundView,
  Payment: PaymentView,
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
  FinanceRow,
  FinanceTotals,
  FinanceCurrencyTotals,
  FinanceReport,
  CustomerReport,
  TrendRow,
  TrendsReport,
  EmissionRow,
  EmissionTotals,
  DeliveryEmissionsReport,
  ForecastSummary,
  ReplenishmentItem,
  ReplenishmentReport,
  WarehouseStock,
  SkuStock,
  StockList,
  StockPoint,
  StockHistory,
  BackorderQueueItem,
  BackorderQueue,
  LateShipmentItem,
  LateShipmentQueue,
  ComplaintQueueItem,
  ComplaintQueue,
  ReturnAwaitedItem,
  ReturnsAwaitedQueue,
  ProductionOrderItem,
  ProductionOrderPage,
  OrdersPerMinute,
  Funnel,
  LiveOrder,
  ProjectionStatus,
  AuditedEvent,
  AuditFinding,
  ChainReport: VerifyAnswer,
  DeadLetterCounts,
  DeadLetterPage,
  ReplayAnswer,
  RebuildStarted,
  PipelineLag,
}, markPersonalFields);

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
    { name: 'queues', description: 'What waits for an operator now, oldest first' },
    { name: 'reports', description: 'How we are doing' },
    { name: 'operations', description: 'Projections, rebuilds, dead letters, pipeline lag, health and this document' },
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
    '/inventory/{sku}/history': get('getStockHistory', 'inventory', "One SKU's stock per warehouse after each event of its stock stream", {
      permission: 'inventory:read',
      description:
        'Folded from the stock stream in the event store (ADR 3) with the inventory projection\'s reducer, oldest first; the latest `limit` points. ' +
        'X-Projection-Position is the store head.',
      path: SkuPath,
      query: StockHistoryQuery,
      response: ok(ref('StockHistory')),
      errors: [404, 409],
    }),
    '/queues/backorders': get('backorderQueue', 'queues', 'Open backorders per SKU, the longest-waiting first', {
      permission: 'inventory:read',
      description: 'Cursor pagination: pass nextCursor as cursor until it is null. A channel key counts only its channel\'s orders.',
      query: QueueQuery,
      response: ok(ref('BackorderQueue')),
      errors: [409],
    }),
    '/queues/late-shipments': get('lateShipmentQueue', 'queues', 'Shipments not delivered or cancelled that are past their promised date, or delayed', {
      permission: 'shipments:read',
      description: 'The promised date is promisedBy, else the carrier\'s estimate at booking, in UTC days. Cursor pagination, as every queue.',
      query: QueueQuery,
      response: ok(ref('LateShipmentQueue')),
      errors: [409],
    }),
    '/queues/complaints': get('complaintQueue', 'queues', 'Open complaints whose deadline is within dueWithinHours, or past', {
      permission: 'orders:read',
      description: 'Oldest opened first. Complaints not acknowledged yet have no deadline and are not listed. Cursor pagination, as every queue.',
      query: ComplaintQueueQuery,
      response: ok(ref('ComplaintQueue')),
      errors: [409],
    }),
    '/queues/returns-awaiting': get('returnsAwaitingQueue', 'queues', 'Returns authorised whose goods have not arrived yet', {
      permission: 'returns:read',
      description: 'Oldest authorised first. Cursor pagination, as every queue.',
      query: QueueQuery,
      response: ok(ref('ReturnsAwaitedQueue')),
      errors: [409],
    }),
    '/production-orders': get('listProductionOrders', 'queues', 'Production orders of made-to-order lines, oldest requested first (by default the ones the factory has yet to make)', {
      permission: 'orders:read',
      description:
        'One per made-to-order line (docs/adr/0039), from the orders projection. A channel key sees its own channel\'s only. ' +
        'overdue: still to be made and past its due date. Cursor pagination, as every queue.',
      query: ProductionOrderQuery,
      response: ok(ref('ProductionOrderPage')),
      errors: [409],
    }),
    '/reports/orders-per-minute': report('ordersPerMinute', 'Orders placed per minute and channel, over the last minutes', {
      query: OrdersPerMinuteQuery,
      schema: 'OrdersPerMinute',
    }),
    '/reports/funnel': report('funnelReport', 'Of the orders placed in the window, how many were confirmed, allocated, shipped and delivered', {
      query: WindowQuery,
      schema: 'Funnel',
    }),
    '/live': get('liveOrders', 'orders', 'Server-Sent Events: every order written from now on, and the position reached', {
      permission: 'orders:read',
      description:
        'text/event-stream. `event: order` with `data` a LiveOrder for every order document the orders projection writes after the connection opened ' +
        '(a channel key: its channel\'s only); `event: position` with `data: {"position": N}` at once and every 5 s, each followed by a comment line. ' +
        'Send the key in Authorization (read it with fetch and a stream reader). At most QUERY_LIVE_MAX_CLIENTS (100) clients per process: then 503 with Retry-After.',
      query: LiveQuery,
      response: {
        description: 'The event stream; it ends when the client closes it or the service stops',
        content: { 'text/event-stream': { schema: str('Events `order` (data: LiveOrder) and `position` (data: {"position": integer})') } },
      },
    }),
    '/reports/sales': report('salesReport', 'Orders, units and revenue per currency, and cancellations', {
      query: SalesQuery,
      schema: 'SalesReport',
    }),
    '/reports/fulfillment': report('fulfillmentReport', 'Lead times, on-time delivery, delays and backorder ageing', {
      query: WindowQuery,
      schema: 'FulfillmentReport',
    }),
    '/reports/after-sales': report('afterSalesReport', 'Returns, refunds, exchanges and complaints', {
      query: WindowQuery,
      schema: 'AfterSalesReport',
    }),
    '/reports/finance': report('financeReport', 'Authorised, captured, refunded and outstanding money, and failed payments', {
      description:
        'From the payments projection\'s ledger: each figure sums the order events that recorded the fact, by their recording time in [from, to). ' +
        'Rows are per key and currency, since amounts only ever add within one currency; totals carries the sums when the selection holds one ' +
        'currency, and totalsByCurrency always. A channel key sees its own channel only.',
      query: FinanceQuery,
      schema: 'FinanceReport',
    }),
    '/reports/customers/{customerId}': report('customerReport', "A customer's orders, lifetime value, favourite SKUs and categories, return rate and complaints", {
      description:
        "Over the customer's whole history in its channel (`channel`, required when the id has orders in several: each channel's ids are its own). " +
        'Lifetime value per currency, never summed across; favourites over confirmed orders not cancelled, by units; categories from the products ' +
        "(PUT /admin/products, `uncategorised` without one). Orders whose personal data was erased (npx orderflow gdpr erase) are left out of every " +
        'figure, and a customer with none left is a 404 like one never seen (docs/adr/0040).',
      path: CustomerPath,
      query: CustomerReportQuery,
      schema: 'CustomerReport',
      errors: [404],
    }),
    '/reports/trends': report('trendsReport', 'The SKUs rising and falling fastest: units in the window against the window before', {
      description:
        '`window=7d` (or 28d, …: days up to `to`) or `from`/`to`. Units are those of confirmed orders placed in each window, as the sales report ' +
        'counts them; each SKU shows both windows, the change, the relative change and its rank by either. rankBy orders and cuts the lists (docs/adr/0040).',
      query: TrendsQuery,
      schema: 'TrendsReport',
    }),
    '/reports/delivery-emissions': report('deliveryEmissionsReport', 'Distance and estimated CO₂ per shipment, per day, warehouse or carrier', {
      description:
        "From the reports projection's shipments: those booked in [from, to) and not cancelled. A shipment's distance is the booking's " +
        "(warehouse to address, as allocation measured it), its CO₂ that distance × the carrier's co2GramsPerKm at booking, rounded to the gram. " +
        'A shipment without a distance counts in shipments but not in measuredShipments; one whose carrier had no factor, not in estimatedShipments (docs/adr/0040).',
      query: DeliveryEmissionsQuery,
      schema: 'DeliveryEmissionsReport',
    }),
    '/reports/replenishment': report('replenishmentReport', 'What to reorder, how much, and why: a demand forecast per SKU and warehouse', {
      description:
        "From the inventory projection's stock and daily demand (units reserved less released, per UTC day), as of one position. " +
        "Each SKU and warehouse's completed days (at most REPLENISHMENT_HISTORY_DAYS) are fitted by Holt's linear method, or additive " +
        'Holt-Winters with a weekly season where one shows; today so far is a floor of the daily forecast. Cover is available units over ' +
        'it; safety stock z(serviceLevel) × σ × √leadTime; the lead time is REPLENISHMENT_LEAD_TIME_DAYS. Lists what is below its reorder ' +
        'point, unless all=true (docs/adr/0036).',
      query: ReplenishmentQuery,
      schema: 'ReplenishmentReport',
    }),
    '/projections': get('projectionStatus', 'operations', "Each projection's checkpoint, the store head, lag, and rebuild progress", {
      permission: 'projections:read',
      query: StatusQuery,
      response: ok(obj({ projections: arr(ref('ProjectionStatus')) })),
      errors: [409],
    }),
    '/projections/rebuild': post('rebuildProjections', 'operations', 'Rebuild a projection (or all) from the whole store, in the background', {
      permission: 'projections:rebuild',
      description:
        'The same rebuild as `npx orderflow projections rebuild`: replayed into shadow tables while the live ones keep serving, then swapped in. ' +
        'Answers once the rebuild holds its locks and has recorded itself; follow its progress on GET /projections (state rebuilding, then live).',
      body: RebuildBody,
      status: 202,
      response: answer(ref('RebuildStarted'), 'Started'),
      errors: { 409: 'A rebuild of one of these projections is already running (here, in another replica or from the CLI).' },
    }),
    '/dead-letters': get('deadLetterCounts', 'operations', "How many dead letters each topic's dead-letter topic holds", {
      permission: 'dead-letters:handle',
      description: 'Counted from the dead-letter topics\' offsets; every contract topic is listed, by its contract name.',
      query: PipelineQuery,
      response: answer(ref('DeadLetterCounts')),
    }),
    '/dead-letters/{topic}': get('listDeadLetters', 'operations', 'The dead letters of a topic, oldest first, with their reasons and payloads', {
      permission: 'dead-letters:handle',
      description: 'As `npx orderflow dlq list <topic>`. Pass nextCursor as cursor until it is null.',
      path: DeadLetterPath,
      query: DeadLetterListQuery,
      response: answer(ref('DeadLetterPage')),
      errors: [404],
    }),
    '/dead-letters/{topic}/replay': post('replayDeadLetters', 'operations', 'Re-send dead letters to the topic they came from, optionally one with a corrected value', {
      permission: 'dead-letters:handle',
      description:
        'As `npx orderflow dlq replay`. The dead letters stay in the dead-letter topic; the re-sent messages carry dlq-replayed-from and dlq-replayed-by (the key) headers. ' +
        'Nothing is sent unless every id exists and a corrected value meets the topic\'s contract.',
      path: DeadLetterPath,
      body: ReplayBody,
      status: 200,
      response: answer(ref('ReplayAnswer')),
      errors: {
        404: 'No such topic, or ids the dead-letter topic does not hold (named in ids).',
        422: "The corrected value breaks the topic's contract; reason says how.",
      },
    }),
    '/pipeline': get('pipelineLag', 'operations', 'How far behind each part of the pipeline is: consumer groups, dead letters, projections', {
      permission: 'projections:read',
      description: "Each service's consumer group on each topic it reads (committed offsets against the topic's end), per partition.",
      query: PipelineQuery,
      response: answer(ref('PipelineLag')),
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
    '/whoami': {
      get: {
        operationId: 'whoami',
        summary: "The caller's key: its id, name, role, scope and what the role may do",
        description: 'Open to every valid key, whatever its role: the console signs in with it and shows only the pages the key may see. It reads no data.',
        security: [{ bearerKey: [] }],
        tags: ['operations'],
        parameters: [],
        responses: { 200: ok(ref('Identity')), ...Object.fromEntries([401, 429, 500, 503].map((code) => [String(code), ERRORS[code]])) },
      },
    },
    ...PLATFORM_PATHS,
  },
  components: {
    schemas,
    securitySchemes: BEARER_KEY_SCHEME,
  },
};
