/**
 * Attribute names of the OpenTelemetry semantic conventions (messaging, database, HTTP). The
 * messaging and database ones are still "incubating", which the conventions' package asks users to
 * copy rather than import: they may be renamed between its minor versions.
 */
export const Attr = {
  messagingSystem: 'messaging.system',
  messagingDestination: 'messaging.destination.name',
  messagingPartition: 'messaging.destination.partition.id',
  messagingOperationType: 'messaging.operation.type',
  messagingOperationName: 'messaging.operation.name',
  messagingConsumerGroup: 'messaging.consumer.group.name',
  messagingMessageId: 'messaging.message.id',
  messagingConversationId: 'messaging.message.conversation_id',
  messagingBatchCount: 'messaging.batch.message_count',
  kafkaOffset: 'messaging.kafka.offset',
  dbSystem: 'db.system',
  dbSystemName: 'db.system.name',
  dbOperation: 'db.operation.name',
  dbCollection: 'db.collection.name',
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
  urlPath: 'url.path',
  urlScheme: 'url.scheme',
} as const;
