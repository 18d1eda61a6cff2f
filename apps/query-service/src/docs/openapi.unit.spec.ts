import 'reflect-metadata';
import { controllerRoutes, documentedRoutes, OperationObject, PLATFORM_ROUTES } from '@orderflow/platform';
import { QueryServiceModule } from '../query-service.module';
import { OPENAPI_DOCUMENT } from './openapi';

const documented = documentedRoutes(OPENAPI_DOCUMENT);

describe('the query API document', () => {
  it('documents every route the controllers serve, and only those (GET /health and /metrics are the platform’s own)', () => {
    expect(controllerRoutes(QueryServiceModule).sort()).toEqual(documented.filter((r) => !PLATFORM_ROUTES.includes(r)).sort());
  });

  it('names in each path exactly the path parameters its validating schema reads', () => {
    for (const [path, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item) as OperationObject[]) {
        expect([path, (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)]).toEqual([path, inTemplate]);
      }
    }
  });

  it('describes every parameter and takes its type from the schema that validates it', () => {
    const list = OPENAPI_DOCUMENT.paths['/orders'].get!.parameters!;
    expect(list.every((p) => p.description.length > 0)).toBe(true);
    expect(list.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } });
    expect(OPENAPI_DOCUMENT.paths['/orders/{orderId}'].get!.parameters![0]).toMatchObject({ name: 'orderId', in: 'path', required: true, schema: { format: 'uuid' } });
  });

  it('generates the order document from the schema the reducer fills', () => {
    const order = OPENAPI_DOCUMENT.components.schemas.Order;
    expect(Object.keys(order.properties!)).toEqual(expect.arrayContaining(['orderId', 'shipments', 'refunds', 'lastPosition', 'personalDataErased']));
    expect(order.properties!.customer).toEqual({ allOf: [{ $ref: '#/components/schemas/Customer' }], nullable: true });
  });

  it('generates the other answers from the schemas their types are inferred from, referring to each other by name', () => {
    const { ChainReport, FulfillmentReport, SalesReport, StockList } = OPENAPI_DOCUMENT.components.schemas;
    expect(ChainReport.properties!.findings.items).toEqual({ $ref: '#/components/schemas/AuditFinding' });
    expect(ChainReport.required).toEqual(expect.arrayContaining(['nextCursor', 'seals']));
    expect(ChainReport.properties).not.toHaveProperty('next');
    expect(FulfillmentReport.properties!.leadTimes.properties!.placedToDelivered).toEqual({ $ref: '#/components/schemas/DurationStats' });
    // A report's window is a Date in the handler and ISO-8601 text on the wire.
    expect(SalesReport.properties!.from).toEqual({ type: 'string', format: 'date-time' });
    expect(StockList.properties!.items.items!.required).toEqual(expect.arrayContaining(['sku', 'backordered', 'available']));
  });
});
