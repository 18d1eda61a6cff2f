import { controllerRoutes, documentedRoutes, PLATFORM_ROUTES } from '@orderflow/platform';
import { fetchServedDocs } from '@orderflow/testing';
import { GatewayApp, startGatewayApp } from '../../test/gateway-app';
import { IngestGatewayModule } from '../ingest-gateway.module';
import { GATEWAY_OPENAPI_DOCUMENT } from './openapi';

/** The gateway describes itself: Swagger UI at /docs over its own document, generated from the inbound contracts. */
describe('the ingest gateway /docs (HTTP)', () => {
  let gateway: GatewayApp;

  beforeAll(async () => {
    gateway = await startGatewayApp({ prefix: 'gwdocs', quiet: true });
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('documents every route it serves, and only those', () => {
    expect(controllerRoutes(IngestGatewayModule).sort()).toEqual(documentedRoutes(GATEWAY_OPENAPI_DOCUMENT).filter((r) => !PLATFORM_ROUTES.includes(r)).sort());
  });

  it('serves Swagger UI without a key, its assets, and an openapi.json listing the ingest routes with bodies from the contracts', async () => {
    const docs = await fetchServedDocs(gateway.baseUrl);
    expect([docs.pageStatus, docs.pageType]).toEqual([200, expect.stringMatching(/^text\/html/)]);
    for (const asset of docs.assets) expect([asset.path, asset.status]).toEqual([asset.path, 200]);
    expect(docs.assets.find((a) => a.path === '/docs/assets/swagger-ui-bundle.js')?.type).toMatch(/^text\/javascript/);

    const { paths, components } = docs.document;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/v1/channel-orders', '/v1/warehouse-operations', '/v1/carrier-tracking']));
    const post = paths['/v1/channel-orders'].post as { 'x-permission': string; requestBody: { content: Record<string, { schema: { oneOf: { oneOf?: unknown[] }[] } }> } };
    expect(post['x-permission']).toBe('channel-orders:send');
    expect(post.requestBody.content['application/json'].schema.oneOf[0].oneOf).toContainEqual({ $ref: '#/components/schemas/OrderSubmitted' });
    expect(components.securitySchemes).toHaveProperty('bearerKey', expect.objectContaining({ scheme: 'bearer' }));
    expect(docs.document).toEqual(JSON.parse(JSON.stringify(GATEWAY_OPENAPI_DOCUMENT)));
  });
});
