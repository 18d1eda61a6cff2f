import { StoredEvent } from '@orderflow/event-store';
import { OutgoingMessage } from '@orderflow/messaging';

/** What a service is: its name, its HTTP port, what it consumes and what it relays. */
export interface ServiceDescriptor {
  name: string;
  defaultPort: number;
  /** Inbound topics (contract names) consumed by the service's @EventPattern handlers. */
  consumes?: readonly string[];
  /** The stream categories the service owns and relays to Kafka. */
  relay?: {
    categories: readonly string[];
    /** Contract name of the service's events topic, e.g. 'order.events'. */
    topic: string;
    /** Extra messages per event (e.g. customer notifications), besides the events topic. */
    extraMessages?: (event: StoredEvent, topicOf: (contractTopic: string) => string) => OutgoingMessage[];
  };
}
