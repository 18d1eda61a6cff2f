import { docsHttpController } from '@orderflow/platform';
import { OPENAPI_DOCUMENT } from './openapi';

/** GET /docs (Swagger UI), /docs/openapi.json and the UI's files: the query API's own description. */
export const DocsHttpController = docsHttpController(OPENAPI_DOCUMENT);
