import { docsHttpController } from '@orderflow/platform';
import { SHIPPING_OPENAPI_DOCUMENT } from './openapi';

/** GET /docs (Swagger UI), /docs/openapi.json and the UI's files: the admin API's description. */
export const DocsHttpController = docsHttpController(SHIPPING_OPENAPI_DOCUMENT);
