import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, StreamableFile, Type } from '@nestjs/common';
import { getAbsoluteFSPath } from 'swagger-ui-dist';
import { z } from 'zod';
import { Public } from '@orderflow/security';
import { OpenApiDocument, parametersOf, PathItem } from './openapi-document';

/** Swagger UI's files the page loads, served from the installed swagger-ui-dist (no CDN), and the page's own start script. */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'orderflow-docs.js': 'text/javascript; charset=utf-8',
} as const;
type Asset = keyof typeof ASSETS;

export const DocsAssetPath = z.strictObject({
  file: z.enum(Object.keys(ASSETS) as [Asset, ...Asset[]]).describe('One of the files the page loads'),
});

// A script file, not an inline one, so a Content-Security-Policy of script-src 'self' lets it run.
const START_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/docs/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    persistAuthorization: false,
  });
});
`;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const page = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body><div id="swagger-ui"></div>
<noscript>Swagger UI needs JavaScript; the document itself is at <a href="/docs/openapi.json">/docs/openapi.json</a>.</noscript>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/orderflow-docs.js"></script>
</body></html>`;

const loaded = new Map<Asset, Buffer>();
function asset(name: Asset): Buffer {
  let bytes = loaded.get(name);
  if (!bytes) {
    bytes = name === 'orderflow-docs.js' ? Buffer.from(START_SCRIPT, 'utf8') : readFileSync(join(getAbsoluteFSPath(), name));
    loaded.set(name, bytes);
  }
  return bytes;
}

/**
 * A service's own API description: GET /docs (Swagger UI), /docs/openapi.json and the UI's files
 * under /docs/assets. Public: the document holds no data, only what the routes take and answer.
 * Adapter-neutral (Express and Fastify alike).
 */
export function docsHttpController(document: OpenApiDocument): Type<unknown> {
  @Public()
  @Controller('docs')
  class DocsHttpController {
    @Get('openapi.json')
    document(): OpenApiDocument {
      return document;
    }

    @Get()
    @Header('Content-Type', 'text/html; charset=utf-8')
    page(): string {
      return page(document.info.title);
    }

    @Get('assets/:file')
    @Header('Cache-Control', 'public, max-age=86400')
    asset(@Param() path: unknown): StreamableFile {
      const parsed = DocsAssetPath.safeParse(path);
      if (!parsed.success) throw new NotFoundException(`no such file under /docs/assets: expected one of ${Object.keys(ASSETS).join(', ')}`);
      const file = parsed.data.file;
      return new StreamableFile(asset(file), { type: ASSETS[file] });
    }
  }
  return DocsHttpController;
}

/** The public routes docsHttpController serves, as every service's document lists them. */
export const DOCS_PATHS: Record<string, PathItem> = {
  '/docs': {
    get: {
      operationId: 'docsPage',
      security: [],
      summary: 'This document in Swagger UI (served by this service, no CDN)',
      tags: ['operations'],
      responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
  '/docs/openapi.json': {
    get: {
      operationId: 'openApiDocument',
      security: [],
      summary: 'This document',
      tags: ['operations'],
      responses: { 200: { description: 'OpenAPI 3 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
  '/docs/assets/{file}': {
    get: {
      operationId: 'docsAsset',
      security: [],
      summary: "Swagger UI's scripts and styles, which the page loads",
      tags: ['operations'],
      parameters: parametersOf(DocsAssetPath, undefined),
      responses: { 200: { description: 'The file, with its content type' }, 404: { description: 'No such file' } },
    },
  },
};

/** The routes PlatformModule itself serves on every service (health and metrics), not its controllers. */
export const PLATFORM_ROUTES = ['GET /health', 'GET /metrics'];

/** How every service's document lists the platform's public routes and the documentation's own. */
export const PLATFORM_PATHS: Record<string, PathItem> = {
  '/health': {
    get: {
      operationId: 'health',
      security: [],
      summary: 'Database and Kafka reachable, and every consumer, relay, projector and timer alive',
      tags: ['operations'],
      responses: {
        200: { description: 'Up (status degraded while a component waits out a failure)', content: { 'application/json': { schema: { type: 'object' } } } },
        503: { description: 'A dependency or component is down or stuck; `down` names it', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      security: [],
      summary: 'Prometheus metrics of this service (docs/adr/0026): no personal data, no ids',
      tags: ['operations'],
      responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  ...DOCS_PATHS,
};
