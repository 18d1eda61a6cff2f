import { MessageResult } from './ingest-batch';

/** Why a request was refused: the one error type of the gateway's HTTP boundary. */
export class IngestError extends Error {
  override readonly name = 'IngestError';

  constructor(
    readonly status: 400 | 403 | 413 | 422 | 503,
    message: string,
    readonly details: { topic?: string; results?: MessageResult[]; missing?: string } = {},
  ) {
    super(message);
  }
}
