import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import { MAX_BODY_BYTES } from '../ingest-messages/ingest-batch';

export const INGEST_BODY_PARSER = Symbol('INGEST_BODY_PARSER');

/**
 * Request bodies reach the controllers as raw bytes (any content type), at most 1 MiB; beyond that
 * the parser fails with 413 before reading further. Raw bytes let the gateway give its own precise
 * JSON errors. This runs while Nest builds the module, so it is in place before Nest would add its
 * default 100 kB JSON parser, which then finds the body already read and stands aside.
 */
export function registerIngestBodyParser(host: HttpAdapterHost): true {
  const adapter = host.httpAdapter as unknown as ExpressAdapter;
  adapter.useBodyParser('raw', false, { type: () => true, limit: MAX_BODY_BYTES });
  return true;
}
