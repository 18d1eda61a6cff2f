import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { topicName } from '@orderflow/contracts';
import { EventStore } from '@orderflow/event-store';
import { MessageBus, OutboxRelay, toServiceEventMessage } from '@orderflow/messaging';
import { notificationMessages } from '../application/notifications';
import { PlatformConfig } from '../config';
import { ServiceDescriptor } from './service-descriptor';
import { HealthRegistry } from './health-registry';
import { MESSAGE_BUS, PLATFORM_CONFIG, SERVICE } from './tokens';

/** Runs the service's outbox relay for as long as the app runs (standby until it holds the lock). */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(SERVICE) private readonly service: ServiceDescriptor,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly health: HealthRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const spec = this.service.relay;
    if (!spec) return;
    const topicOf = (t: string) => topicName(t, this.config.TOPIC_NAMESPACE);
    const toEventsTopic = toServiceEventMessage(topicOf(spec.topic));
    this.relay = new OutboxRelay({
      name: this.service.name,
      store: this.store,
      bus: this.bus,
      categories: spec.categories,
      toMessages: (event) => [
        ...toEventsTopic(event),
        ...notificationMessages(event, topicOf),
        ...(spec.extraMessages?.(event, topicOf) ?? []),
      ],
      stuckAfterMs: this.config.HEALTH_STUCK_AFTER_MS,
      logger: this.logger,
    });
    this.health.register('relay', this.relay);
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
