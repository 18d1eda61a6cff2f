import { docsHttpController } from '@orderflow/platform';
import { AFTER_SALES_OPENAPI_DOCUMENT } from './openapi';

/** GET /docs (Swagger UI), /docs/openapi.json and the UI's files: the operator endpoint's description. */
export const DocsHttpController = docsHttpController(AFTER_SALES_OPENAPI_DOCUMENT);
