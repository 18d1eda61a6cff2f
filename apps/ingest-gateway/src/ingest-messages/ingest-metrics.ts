import { gatewayRefusalOf, recordGatewayMessages } from '@orderflow/observability';
import { IngestError } from './ingest-error';
import { IngestOutcome } from './ingest-messages.handler';

/**
 * Counts what one request to the gateway came to, per message: published, duplicate (a replayed
 * answer counts all its messages as duplicates) or refused by reason class. A refusal whose
 * messages could not be told apart (an unreadable body) counts as one. Refusals before the handler
 * (no key, body over the limit) show in the HTTP metrics by status.
 */
export async function countedIngest(topic: string, ingest: () => Promise<IngestOutcome>): Promise<IngestOutcome> {
  let outcome: IngestOutcome;
  try {
    outcome = await ingest();
  } catch (err) {
    if (err instanceof IngestError) {
      recordGatewayMessages(topic, { outcome: 'refused', reason: gatewayRefusalOf(err.status) }, err.details.results?.length || 1);
    }
    throw err;
  }
  const { published, duplicates, results } = outcome.response;
  if (outcome.replayed) {
    recordGatewayMessages(topic, { outcome: 'accepted', reason: 'duplicate' }, results.length);
  } else {
    recordGatewayMessages(topic, { outcome: 'accepted', reason: 'published' }, published);
    recordGatewayMessages(topic, { outcome: 'accepted', reason: 'duplicate' }, duplicates);
  }
  return outcome;
}
