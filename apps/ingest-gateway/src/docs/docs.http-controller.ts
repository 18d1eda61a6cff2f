import { docsHttpController } from '@orderflow/platform';
import { GATEWAY_OPENAPI_DOCUMENT } from './openapi';

/** GET /docs (Swagger UI), /docs/openapi.json and the UI's files: the gateway's own description. */
export const DocsHttpController = docsHttpController(GATEWAY_OPENAPI_DOCUMENT);
