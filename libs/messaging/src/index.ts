export * from './bus/message-bus';
export { createKafkaBus, KafkaBusConfig, KafkaSasl, KafkaSaslMechanism, KafkaTls } from './bus/kafkajs-bus';
export * from './bus/read-to-end';
export * from './consumer/decoder';
export * from './dead-letters/dead-letter';
export * from './dead-letters/dead-letter-topics';
export * from './consumer/failure-classification';
export * from './consumer/reliable-consumer';
export * from './health';
export * from './relay/event-headers';
export * from './relay/leader-tail';
export * from './relay/outbox-relay';
export * from './nest/kafka-event-transport';
import { CreateInbox1732400000200 } from './migrations/1732400000200-create-inbox';
import { InboxRetention1732400000210 } from './migrations/1732400000210-inbox-retention';

export const messagingMigrations = [CreateInbox1732400000200, InboxRetention1732400000210];
