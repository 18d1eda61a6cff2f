import { docsHttpController } from '@orderflow/platform';
import { ORDER_OPENAPI_DOCUMENT } from './openapi';

/** GET /docs (Swagger UI), /docs/openapi.json and the UI's files: the admin API's description. */
export const DocsHttpController = docsHttpController(ORDER_OPENAPI_DOCUMENT);
