import { StoredEvent } from '@orderflow/event-store';
import { OutgoingMessage } from '@orderflow/messaging';
import { RememberedTable } from '../application/retention';

export interface ConsumedTopic {
  /** Contract name, e.g. 'channel.orders'. */
  topic: string;
  /**
   * This service dead-letters messages on this inbound topic that break the contract. Exactly one
   * consumer of each inbound topic does, so a bad message gets one DLQ record with its reason.
   */
  dlqOwner?: boolean;
}

export type HttpAdapterKind = 'express' | 'fastify';

/** What a service is: its name, its HTTP port, what it consumes and what it relays. */
export interface ServiceDescriptor {
  name: string;
  defaultPort: number;
  /**
   * Nest's HTTP adapter (default 'express'). 'fastify' for a service whose HTTP API is its hot path
   * (the query service, docs/adr/0016); every controller of such a service must be adapter-neutral.
   */
  http?: HttpAdapterKind;
  /** Topics consumed by the service's @EventPattern handlers. */
  consumes?: readonly ConsumedTopic[];
  /** Messages of one partition applied in one transaction (default 50). */
  unitOfWorkSize?: number;
  /**
   * Partitions one replica applies at the same time (default 6). A service whose messages contend
   * for the same few streams (inventory: every order of a SKU touches its stock stream) applies one
   * partition's batch at a time, so its own batches never race each other (see docs/adr/0003).
   */
  partitionsConcurrently?: number;
  /** Tables the service keeps only to recognise repeats, swept after IDEMPOTENCY_RETENTION_DAYS (the inbox is implied). */
  remembers?: readonly RememberedTable[];
  /** The stream categories the service owns and relays to Kafka. */
  relay?: {
    categories: readonly string[];
    /** Contract name of the service's events topic, e.g. 'order.events'. */
    topic: string;
    /** Extra messages per event, besides the events topic and customer notifications. */
    extraMessages?: (event: StoredEvent, topicOf: (contractTopic: string) => string) => OutgoingMessage[];
  };
}
