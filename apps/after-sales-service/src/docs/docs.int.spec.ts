import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { controllerRoutes, createServiceApp, documentedRoutes, PLATFORM_ROUTES } from '@orderflow/platform';
import { createTestDatabase, fetchServedDocs, TestDatabase } from '@orderflow/testing';
import { AfterSalesServiceModule } from '../after-sales-service.module';
import { afterSalesMigrations } from '../infrastructure/migrations';
import { SERVICE } from '../service';
import { AFTER_SALES_OPENAPI_DOCUMENT } from './openapi';

/** After-sales describes its operator endpoint: Swagger UI at /docs over a document whose body is the validating schema's. */
describe('the after-sales /docs (HTTP)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
    process.env.DATABASE_URL = db.urlFor('after-sales-service');
    app = await createServiceApp(AfterSalesServiceModule, SERVICE, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    process.env.DATABASE_URL = saved;
  });

  it('documents every route it serves, and only those', () => {
    expect(controllerRoutes(AfterSalesServiceModule).sort()).toEqual(documentedRoutes(AFTER_SALES_OPENAPI_DOCUMENT).filter((r) => !PLATFORM_ROUTES.includes(r)).sort());
  });

  it('serves Swagger UI without a key, its assets, and an openapi.json with the resolution route and its body', async () => {
    const docs = await fetchServedDocs(url);
    expect([docs.pageStatus, docs.pageType]).toEqual([200, expect.stringMatching(/^text\/html/)]);
    for (const asset of docs.assets) expect([asset.path, asset.status]).toEqual([asset.path, 200]);
    expect(docs.assets.find((a) => a.path === '/docs/assets/swagger-ui-bundle.js')?.type).toMatch(/^text\/javascript/);

    const post = docs.document.paths['/complaints/{complaintId}/resolution'].post as D;
    expect(post['x-permission']).toBe('complaints:resolve');
    const body = post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['resolution']);
    expect(body.properties.goodwillRefundMinor).toMatchObject({ type: 'integer', minimum: 0 });
    expect(docs.document.components.securitySchemes).toHaveProperty('bearerKey', expect.objectContaining({ scheme: 'bearer' }));
  });
});

type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
