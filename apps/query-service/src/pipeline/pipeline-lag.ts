import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { TOPIC_CONSUMERS, topicName } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { countDeadLetters, DEAD_LETTER_SOURCES, MessageBus } from '@orderflow/messaging';
import { MESSAGE_BUS, PLATFORM_CONFIG, PlatformConfig } from '@orderflow/platform';
import { PROJECTION_NAMES, ProjectionName, projectionStatuses } from '@orderflow/projections';
import { DeadLetterCount } from '../dead-letters/dead-letters.http-controller';

// The answer of GET /pipeline, typed (and documented) by these schemas.
export const ConsumerLag = z.object({
  group: z.string().describe('The Kafka consumer group: the service name, in the namespace'),
  service: z.string(),
  topic: z.string().describe('Contract name of the topic the group reads'),
  lag: z.number().int().describe('Records on the topic the group has not committed yet, all partitions'),
  partitions: z.array(z.object({ partition: z.number().int(), lag: z.number().int() })),
});
export const ProjectionLag = z.object({
  projection: z.enum(PROJECTION_NAMES as [ProjectionName, ...ProjectionName[]]),
  lagEvents: z.number().int(),
  lagSeconds: z.number(),
});
export const PipelineLag = z.object({
  consumers: z.array(ConsumerLag),
  deadLetters: z.array(DeadLetterCount),
  projections: z.array(ProjectionLag),
  at: z.iso.datetime().describe('When these figures were taken'),
});
export type PipelineLag = z.infer<typeof PipelineLag>;

/**
 * How far behind each hop of the pipeline is: every service's consumer group on every topic it
 * reads (committed offsets against the topics' ends), the dead letters waiting, and each
 * projection behind the event store.
 */
@Injectable()
export class PipelineLagReader {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  async read(): Promise<PipelineLag> {
    const namespace = this.config.TOPIC_NAMESPACE;
    const at = new Date().toISOString();
    const [consumers, deadLetters, projections] = await Promise.all([
      this.consumerLags(namespace),
      countDeadLetters(this.bus, DEAD_LETTER_SOURCES, namespace),
      projectionStatuses(this.dataSource, this.store),
    ]);
    return {
      consumers,
      deadLetters,
      projections: projections.map((p) => ({ projection: p.name, lagEvents: p.lagEvents, lagSeconds: p.lagSeconds })),
      at,
    };
  }

  private async consumerLags(namespace: string): Promise<z.infer<typeof ConsumerLag>[]> {
    const admin = await this.bus.admin();
    try {
      const reads = Object.entries(TOPIC_CONSUMERS).flatMap(([service, topics]) => topics.map(({ topic }) => ({ service, topic })));
      return await Promise.all(
        reads.map(async ({ service, topic }) => {
          const group = topicName(service, namespace);
          const partitions = await admin.groupLagByPartition(group, topicName(topic, namespace));
          return { group, service, topic, lag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
        }),
      );
    } finally {
      await admin.disconnect();
    }
  }
}
