import { ORDER_STATUSES, SHIPMENT_STATUSES } from '@orderflow/contracts';
import { ERASED, UNREADABLE } from '@orderflow/privacy';
import { Permission } from '@orderflow/security';

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
const num = (description?: string): SchemaObject => ({ type: 'number', ...(description ? { description } : {}) });
const bool = (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) });
const dateTime = (description?: string) => str(description, 'date-time');
const date = (description?: string) => str(description, 'date');
const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });
const arr = (items: SchemaObject, description?: string): SchemaObject => ({ type: 'array', items, ...(description ? { description } : {}) });
const nullable = (schema: SchemaObject): SchemaObject => (schema.$ref ? { allOf: [schema], nullable: true } : { ...schema, nullable: true });
const oneOf = (values: readonly string[], description?: string): SchemaObject => ({ type: 'string', enum: values, ...(description ? { description } : {}) });
/** Every property required (nullable ones may be null). */
const obj = (properties: Record<string, SchemaObject>, description?: string): SchemaObject => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  ...(description ? { description } : {}),
});
const map = (values: SchemaObject, description?: string): SchemaObject => ({ type: 'object', additionalProperties: values, ...(description ? { description } : {}) });

// --- parameters
const pathParam = (name: string, description: string, schema: SchemaObject = str()): ParameterObject => ({ name, in: 'path', required: true, description, schema });
const queryParam = (name: string, description: string, schema: SchemaObject = str()): ParameterObject => ({ name, in: 'query', description, schema });
const minPosition = queryParam(
  'minPosition',
  'Read-your-writes: wait (at most QUERY_MIN_POSITION_TIMEOUT_MS, 5 s by default) until the event at this global position is reflected, else 409. ' +
    'At most QUERY_MIN_POSITION_MAX_WAITERS requests (100 by default) wait at once per process; beyond that, 503 with Retry-After.',
  { type: 'integer', format: 'int64' },
);
const windowParams = [
  queryParam(
    'from',
    'Start of the window, inclusive: a date (midnight UTC) or date-time. Default: 7 days before `to`. ' +
      'At most QUERY_REPORT_MAX_DAYS (366 by default) before `to`; an earlier `from` is a 400 naming it.',
    str(undefined, 'date-time'),
  ),
  queryParam('to', 'End of the window, exclusive: a date (midnight UTC) or date-time. Default: now.', str(undefined, 'date-time')),
];

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
  options: { permission: Permission; description?: string; parameters?: ParameterObject[]; response: ResponseObject; errors?: number[] },
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
      parameters: options.parameters ?? [],
      responses: { 200: options.response, ...Object.fromEntries(errors.map((code) => [String(code), ERRORS[code]])) },
    },
  };
}

const durationStats = obj({
  count: int('How many durations'),
  p50Seconds: nullable(num()),
  p90Seconds: nullable(num()),
  maxSeconds: nullable(num()),
  p50Hours: nullable(num()),
  p90Hours: nullable(num()),
  maxHours: nullable(num()),
});

/** A personal field: stored sealed with its customer's key (docs/adr/0022), opened for the answer. */
const personal = (): SchemaObject =>
  str(`Personal data, opened from its sealed form; "${ERASED}" once the customer was erased (npx orderflow gdpr erase), "${UNREADABLE}" when this service cannot open it (no PII_MASTER_KEY)`);
const personalDataErased = bool('Present, and true, when personal fields of this answer were erased; absent otherwise');
const withErasure = (schema: SchemaObject): SchemaObject => ({ ...schema, properties: { ...schema.properties, personalDataErased } });

const schemas: Record<string, SchemaObject> = {
  Error: obj({ statusCode: int(), error: str(), message: str() }),
  BadRequest: obj({
    statusCode: int(),
    error: str(),
    message: str('Every problem, in one sentence each.'),
    problems: arr(obj({ parameter: str(), in: oneOf(['query', 'path']), expected: str(), received: { description: 'What arrived (absent when missing).' } })),
  }),
  PositionNotReached: obj({ statusCode: int(), error: str(), message: str(), projection: str(), requestedPosition: int(), projectionPosition: int() }),
  ServerError: obj({ statusCode: int(), error: str(), message: str(), correlationId: str() }),
  Customer: {
    ...obj({ id: str(), name: personal(), email: personal() }),
    properties: { id: str("The channel's own reference; not personal data here, and kept after erasure"), name: personal(), email: personal(), phone: personal() },
  },
  Address: {
    type: 'object',
    required: ['line1', 'city', 'postalCode', 'country'],
    properties: {
      line1: personal(),
      line2: personal(),
      city: personal(),
      region: str('Kept after erasure, like country'),
      postalCode: personal(),
      country: str('ISO 3166-1 alpha-2'),
    },
  },
  SkuQuantity: obj({ sku: str(), quantity: int() }),
  OrderLine: obj(
    {
      sku: str(),
      quantity: int('Ordered'),
      unitPriceMinor: int('Minor units of the order currency'),
      allocated: int('Held in shipments of the order (not released or cancelled)'),
      backordered: int('Waiting for stock'),
      shipped: int('Picked up by a carrier'),
      delivered: int(),
      returned: int('Received back in returns'),
    },
    'A line with its fulfilment quantities.',
  ),
  Shipment: obj({
    shipmentId: str(),
    purpose: oneOf(['ORDER', 'EXCHANGE']),
    rmaNumber: nullable(str('Set for an exchange replacement')),
    warehouseId: nullable(str()),
    carrier: nullable(str()),
    trackingNumber: nullable(str()),
    status: oneOf(['ALLOCATED', ...SHIPMENT_STATUSES], 'ALLOCATED: known from an allocation, not yet requested from the warehouse'),
    lines: arr(ref('SkuQuantity')),
    promisedBy: nullable(date()),
    estimatedDeliveryDate: nullable(date("The carrier's estimate at booking")),
    delayed: bool(),
    newEstimate: nullable(date()),
    delayedAt: nullable(dateTime()),
    released: bool('Its reservation was released (the order was cancelled before pick-up)'),
    allocatedAt: nullable(dateTime()),
    requestedAt: nullable(dateTime()),
    bookedAt: nullable(dateTime()),
    pickedUpAt: nullable(dateTime()),
    deliveredAt: nullable(dateTime()),
    deliveryFailedAt: nullable(dateTime()),
    returnedToSenderAt: nullable(dateTime()),
    cancelledAt: nullable(dateTime()),
  }),
  ReturnLine: obj({
    sku: str(),
    quantity: int('Authorised (or requested, when rejected)'),
    reason: str(),
    unitPriceMinor: nullable(int()),
    received: int(),
    resellable: int(),
    damaged: int(),
  }),
  Return: obj({
    rmaNumber: str(),
    status: oneOf(['AWAITING_DELIVERY', 'AUTHORIZED', 'REJECTED', 'RECEIVED', 'REFUNDED', 'EXCHANGE_PENDING', 'EXCHANGED']),
    resolution: oneOf(['REFUND', 'EXCHANGE']),
    currency: nullable(str()),
    lines: arr(ref('ReturnLine')),
    refundMinor: int(),
    returnBy: nullable(date()),
    authorizedAt: nullable(dateTime()),
    rejectedAt: nullable(dateTime()),
    rejectionReason: nullable(str()),
    receivedAt: nullable(dateTime()),
    exchangeRequestedAt: nullable(dateTime()),
    exchange: nullable(obj({ shipmentId: str(), carrier: str(), trackingNumber: str(), shippedAt: dateTime() })),
  }),
  Complaint: obj({
    complaintId: str(),
    status: oneOf(['OPEN', 'RESOLVED']),
    category: str(),
    source: oneOf(['CUSTOMER', 'CARRIER']),
    shipmentId: nullable(str()),
    message: str(),
    openedAt: dateTime(),
    acknowledgedAt: nullable(dateTime()),
    resolveBy: nullable(dateTime()),
    resolvedAt: nullable(dateTime()),
    resolution: nullable(str()),
    goodwillRefundMinor: nullable(int()),
  }),
  Refund: obj({
    amountMinor: int(),
    currency: str(),
    reason: oneOf(['RETURN', 'GOODWILL']),
    rmaNumber: nullable(str()),
    complaintId: nullable(str()),
    issuedAt: dateTime(),
  }),
  Order: withErasure(obj(
    {
      orderId: str(undefined, 'uuid'),
      orderNumber: str(),
      channel: str(),
      externalOrderId: str(),
      status: oneOf(ORDER_STATUSES, 'As the last status-changing order event said'),
      customer: ref('Customer'),
      shippingAddress: ref('Address'),
      currency: str(),
      totalMinor: int(),
      requestedDeliveryDate: nullable(date()),
      placedAt: dateTime(),
      confirmedAt: nullable(dateTime()),
      estimatedDeliveryDate: nullable(date('Given at confirmation')),
      rejectedAt: nullable(dateTime()),
      rejectionReasons: arr(str()),
      backorderedAt: nullable(dateTime()),
      allocatedAt: nullable(dateTime('Everything allocated')),
      shippedAt: nullable(dateTime('First pick-up')),
      deliveredAt: nullable(dateTime()),
      cancelledAt: nullable(dateTime()),
      cancellationReason: nullable(str()),
      cancellationRejections: arr(obj({ reason: str(), rejectedAt: dateTime() })),
      lines: arr(ref('OrderLine')),
      shipments: arr(ref('Shipment')),
      returns: arr(ref('Return')),
      complaints: arr(ref('Complaint')),
      refunds: arr(ref('Refund')),
      refundedMinor: int(),
      lastPosition: int('Global position of the last event folded in'),
      eventCount: int(),
    },
    'Everything every service recorded about one order, folded from its events.',
  )),
  OrderSummary: withErasure(obj({
    orderId: str(undefined, 'uuid'),
    orderNumber: str(),
    channel: str(),
    externalOrderId: str(),
    status: oneOf(ORDER_STATUSES),
    customerId: str(),
    customerName: personal(),
    currency: str(),
    totalMinor: int(),
    totalUnits: int(),
    placedAt: dateTime(),
    confirmedAt: nullable(dateTime()),
    deliveredAt: nullable(dateTime()),
    cancelledAt: nullable(dateTime()),
  })),
  OrderPage: obj({
    orders: arr(ref('OrderSummary')),
    limit: int(),
    nextCursor: nullable(str('Pass as `cursor` for the next page; null on the last page')),
  }),
  TimelineEntry: obj({
    position: int('Global position'),
    type: str(),
    service: str('The service that owns the stream'),
    streamId: str(),
    streamVersion: int(),
    eventId: str(),
    recordedAt: dateTime(),
    correlationId: nullable(str()),
    causationId: nullable(str()),
    actor: nullable(str()),
    data: { type: 'object', description: 'The event data as stored' },
  }),
  Timeline: obj({ orderId: str(), events: arr(ref('TimelineEntry')) }),
  WarehouseStock: obj({
    warehouseId: str(),
    warehouseName: nullable(str()),
    country: nullable(str()),
    region: nullable(str()),
    onHand: int(),
    reserved: int(),
    available: int('onHand − reserved'),
  }),
  SkuStock: obj({
    sku: str(),
    onHand: int('All warehouses'),
    reserved: int(),
    available: int(),
    backordered: int('Units waiting for stock of this SKU'),
    warehouses: arr(ref('WarehouseStock')),
    backorders: arr(obj({ reservationId: str(), orderId: str(), quantity: int(), placedAt: dateTime(), queuedAt: dateTime() }), 'Oldest order first'),
  }),
  StockList: obj({
    belowAvailable: nullable(int()),
    items: arr({ allOf: [ref('WarehouseStock'), obj({ sku: str(), backordered: int() })] }),
    truncated: bool('More rows matched than `limit`'),
  }),
  DurationStats: durationStats,
  SalesReport: obj({
    from: dateTime(),
    to: dateTime(),
    groupBy: oneOf(['day', 'channel', 'sku']),
    groups: arr(ref('SalesRow')),
    totals: arr(ref('SalesTotals'), 'Per currency'),
  }),
  SalesRow: obj({
    key: str('The day (UTC), channel or SKU'),
    currency: str(),
    orders: int('Confirmed orders placed in the window'),
    units: int(),
    revenueMinor: int('Value of those orders (of that SKU, when grouped by SKU)'),
    rejected: int('Orders placed in the window and rejected'),
    cancellations: int('Orders cancelled in the window'),
    cancelledMinor: int(),
  }),
  SalesTotals: obj({
    currency: str(),
    orders: int(),
    units: int(),
    revenueMinor: int(),
    rejected: int(),
    cancellations: int(),
    cancelledMinor: int(),
  }),
  FulfillmentReport: obj({
    from: dateTime(),
    to: dateTime(),
    leadTimes: obj(
      {
        placedToConfirmed: ref('DurationStats'),
        confirmedToAllocated: ref('DurationStats'),
        allocatedToShipped: ref('DurationStats'),
        shippedToDelivered: ref('DurationStats'),
        placedToDelivered: ref('DurationStats'),
      },
      'Each over the orders whose ending milestone falls in the window; allocated = fully allocated, shipped = first pick-up, delivered = OrderDelivered. A pick-up before full allocation counts as 0.',
    ),
    onTimeDelivery: obj(
      { delivered: int(), onTime: int(), rate: nullable(num()) },
      'Orders delivered in the window; on time = delivered date (UTC) ≤ the estimate given at confirmation.',
    ),
    delayedShipments: obj({ count: int(), byCarrier: arr(obj({ carrier: str(), count: int() })) }, 'Shipments first found delayed in the window.'),
    backorderAgeing: obj(
      {
        orders: int(),
        units: int(),
        oldestSeconds: nullable(num()),
        buckets: arr(obj({ bucket: str(), orders: int(), units: int() })),
      },
      'Open backorders now (whatever the window), by age since the order was first backordered.',
    ),
  }),
  AfterSalesReport: obj({
    from: dateTime(),
    to: dateTime(),
    returnRateBySku: arr(
      obj({ sku: str(), deliveredUnits: int(), returnedUnits: int(), returnRate: nullable(num()) }),
      'Units received back in the window / units delivered in the window.',
    ),
    returnsByReason: arr(obj({ reason: str(), returnedUnits: int(), returns: int() })),
    returns: obj({ authorized: int(), rejected: int(), received: int() }),
    refunds: arr(obj({ currency: str(), refunds: int(), amountMinor: int(), returnMinor: int(), goodwillMinor: int() }), 'Issued in the window, per currency'),
    exchanges: obj({ authorized: int(), shipped: int() }),
    complaints: obj({
      opened: int(),
      openedBySource: map(int()),
      resolved: int(),
      resolvedWithinDeadline: int(),
      timeToResolve: ref('DurationStats'),
    }),
  }),
  ProjectionStatus: obj({
    name: oneOf(['orders', 'inventory']),
    state: oneOf(['live', 'rebuilding']),
    checkpoint: obj({ position: int(), transactionId: str() }),
    headPosition: int(),
    lagEvents: int('Events not applied yet, in (transaction id, position) order'),
    lagSeconds: num('Now minus the recording time of the oldest unapplied event; 0 when none'),
    rebuild: nullable(
      obj({
        state: oneOf(['rebuilding', 'swapping', 'live', 'failed', 'abandoned']),
        startedAt: nullable(dateTime()),
        updatedAt: nullable(dateTime()),
        finishedAt: nullable(dateTime()),
        totalEvents: int(),
        eventsDone: int(),
        ratePerSecond: num(),
        etaSeconds: num(),
        error: nullable(str()),
      }),
    ),
  }),
  AuditedEvent: obj({
    globalPosition: int(),
    streamId: str(),
    streamVersion: int(),
    eventId: str(),
    type: str(),
    schemaVersion: int(),
    recordedAt: dateTime(),
    data: { type: 'object' },
    metadata: { type: 'object' },
    prevHash: str('SHA-256 of the previous event of the stream (zeros for the first)'),
    hash: str('SHA-256 over prevHash and the canonical event'),
  }),
  AuditFinding: {
    type: 'object',
    required: ['kind', 'reason'],
    properties: {
      kind: oneOf(['altered', 'removed-tail', 'removed-stream', 'seal-forged'], 'altered: an event no longer follows from the one before it or no longer matches its own hash; removed-tail: the stream is now below, or differs at, a version a seal recorded; removed-stream: a sealed stream has no events left; seal-forged: a seal, or a head in it, does not verify with the key, or a seal is missing from the chain'),
      streamId: str('The stream concerned; absent only for a finding about a seal as a whole'),
      streamVersion: int('altered: the event; removed-*: the version the seal recorded; seal-forged: the head'),
      globalPosition: int('altered: the event'),
      eventId: str('altered: the event'),
      sealId: int('removed-*, seal-forged: the seal'),
      headVersion: int("removed-tail: the stream's version now"),
      reason: str(),
    },
  },
  ChainReport: {
    type: 'object',
    required: ['ok', 'streamsChecked', 'eventsChecked', 'findings', 'findingsOmitted', 'seals', 'nextCursor'],
    properties: {
      ok: bool('Nothing found in what this answer checked'),
      streamsChecked: int(),
      eventsChecked: int(),
      firstBreak: obj({ streamId: str(), streamVersion: int(), globalPosition: int(), eventId: str(), reason: str() }, 'The first altered event found'),
      findings: arr(ref('AuditFinding'), 'Everything found, in the order found, at most 100'),
      findingsOmitted: int('Findings past the 100 listed'),
      seals: {
        type: 'object',
        required: ['checked', 'sealsVerified', 'headsCompared'],
        properties: {
          checked: bool('False when the service has no seals key (AUDIT_HMAC_KEY): then only the hash chains were checked'),
          note: str('Why the seals were not, or not all, checked'),
          sealsVerified: int('Seals whose signature and link to the seal before were checked'),
          headsCompared: int('Sealed heads compared with their streams'),
          latest: obj({ sealId: int(), sealedAt: dateTime(), upToPosition: int() }, 'The newest seal in the store'),
        },
      },
      nextCursor: nullable(str('Pass as cursor for the next page; null when the verification is complete')),
    },
  },
};

const orderId = pathParam('orderId', 'The order id (UUID v5 of channel and external order id)', str(undefined, 'uuid'));

/**
 * The query API, written by hand. A spec test compares it with the routes the app registers, both
 * ways, so it cannot silently drift.
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
      parameters: [
        queryParam('channel', 'Only this channel'),
        queryParam('status', 'One or more statuses, comma-separated', str(`any of ${ORDER_STATUSES.join(', ')}`)),
        queryParam('customerId', 'Only this customer'),
        queryParam('sku', 'Only orders with a line of this SKU'),
        queryParam('placedFrom', 'Placed at or after (date or date-time)', str(undefined, 'date-time')),
        queryParam('placedTo', 'Placed before (date or date-time)', str(undefined, 'date-time')),
        queryParam('limit', 'Page size, 1 to 500 (default 50)', int()),
        queryParam('cursor', 'nextCursor of the previous page'),
        minPosition,
      ],
      response: ok(ref('OrderPage')),
      errors: [409],
    }),
    '/orders/{orderId}': get('getOrder', 'orders', 'One order, now or as it was at an instant', {
      permission: 'orders:read',
      description: 'With asOf, the same document folded by the same reducer from the events recorded at or before that instant.',
      parameters: [orderId, queryParam('asOf', 'ISO-8601 date-time with a time zone', dateTime()), minPosition],
      response: ok(ref('Order')),
      errors: [404, 409],
    }),
    '/orders/{orderId}/timeline': get('getOrderTimeline', 'orders', 'Every event that touched the order, from every service, in global order', {
      permission: 'orders:read',
      parameters: [orderId, minPosition],
      response: ok(ref('Timeline')),
      errors: [404, 409],
    }),
    '/channels/{channel}/orders/{externalOrderId}': get('getOrderByChannelId', 'orders', "One order, by the channel's own id", {
      permission: 'orders:read',
      parameters: [pathParam('channel', 'The sales channel'), pathParam('externalOrderId', "The channel's order id"), minPosition],
      response: ok(ref('Order')),
      errors: [404, 409],
    }),
    '/shipments/{shipmentId}': get('getShipment', 'orders', 'One shipment, with its order', {
      permission: 'shipments:read',
      parameters: [pathParam('shipmentId', 'e.g. OF-000123-1'), minPosition],
      response: ok({ allOf: [ref('Shipment'), obj({ orderId: str(), orderNumber: nullable(str()), channel: str(), externalOrderId: str() })] }),
      errors: [404, 409],
    }),
    '/returns/{rmaNumber}': get('getReturn', 'orders', 'One return, with its order', {
      permission: 'returns:read',
      parameters: [pathParam('rmaNumber', 'e.g. RMA-000042'), minPosition],
      response: ok({ allOf: [ref('Return'), obj({ orderId: str(), orderNumber: nullable(str()), channel: str(), externalOrderId: str() })] }),
      errors: [404, 409],
    }),
    '/inventory': get('listStock', 'inventory', 'Stock rows (SKU × warehouse), scarcest first', {
      permission: 'inventory:read',
      parameters: [
        queryParam('belowAvailable', 'Only rows with fewer than this many available', int()),
        queryParam('limit', '1 to 500 (default 100)', int()),
        minPosition,
      ],
      response: ok(ref('StockList')),
      errors: [409],
    }),
    '/inventory/{sku}': get('getStock', 'inventory', 'One SKU: per warehouse on hand, reserved and available, and its backorders', {
      permission: 'inventory:read',
      parameters: [pathParam('sku', 'The SKU'), minPosition],
      response: ok(ref('SkuStock')),
      errors: [404, 409],
    }),
    '/reports/sales': get('salesReport', 'reports', 'Orders, units and revenue per currency, and cancellations', {
      permission: 'reports:read',
      parameters: [...windowParams, queryParam('groupBy', 'day (UTC, default), channel or sku', oneOf(['day', 'channel', 'sku'])), minPosition],
      response: ok(ref('SalesReport')),
      errors: [409],
    }),
    '/reports/fulfillment': get('fulfillmentReport', 'reports', 'Lead times, on-time delivery, delays and backorder ageing', {
      permission: 'reports:read',
      parameters: [...windowParams, minPosition],
      response: ok(ref('FulfillmentReport')),
      errors: [409],
    }),
    '/reports/after-sales': get('afterSalesReport', 'reports', 'Returns, refunds, exchanges and complaints', {
      permission: 'reports:read',
      parameters: [...windowParams, minPosition],
      response: ok(ref('AfterSalesReport')),
      errors: [409],
    }),
    '/projections': get('projectionStatus', 'operations', "Each projection's checkpoint, the store head, lag, and rebuild progress", {
      permission: 'projections:read',
      parameters: [minPosition],
      response: ok(obj({ projections: arr(ref('ProjectionStatus')) })),
      errors: [409],
    }),
    '/audit/streams/{streamId}': get('auditStream', 'audit', 'The raw stored events of a stream, with their hashes', {
      permission: 'audit:read',
      parameters: [pathParam('streamId', 'e.g. order-<orderId>'), queryParam('asOf', 'Only events recorded at or before', dateTime()), minPosition],
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
      parameters: [
        queryParam('streamId', 'Only this stream (no limit or cursor then)'),
        queryParam('limit', 'Streams per page, 1 to 10000 (default 1000)', int()),
        queryParam('cursor', 'The nextCursor of the previous page, unchanged'),
        minPosition,
      ],
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
