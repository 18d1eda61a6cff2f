import { Logger, Module } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { loadConfig, PlatformModule, piiKeyEnvSchema, piiMasterKeyOf, privacyProviders } from '@orderflow/platform';
import { WebhookDispatcher } from './deliver-webhooks/webhook-dispatcher';
import { DocsHttpController } from './docs/docs.http-controller';
import { INGEST_BODY_PARSER, registerIngestBodyParser } from './infrastructure/http-body';
import { InboundPublisher } from './infrastructure/inbound-publisher';
import { IngestExceptionFilter } from './infrastructure/ingest-exception.filter';
import { IngestLedger } from './infrastructure/ingest-ledger';
import { WebhookDeliveries } from './infrastructure/webhook-deliveries';
import { WebhookEndpoints } from './infrastructure/webhook-endpoints';
import { WebhookSecrets } from './infrastructure/webhook-secrets';
import { WEBHOOKS_CONFIG, webhooksEnvSchema } from './infrastructure/webhooks.config';
import { IngestMessagesHandler } from './ingest-messages/ingest-messages.handler';
import { IngestMessagesHttpController } from './ingest-messages/ingest-messages.http-controller';
import { RecordNotificationMessageController } from './record-notification/record-notification.message-controller';
import { RegisterWebhookHttpController } from './register-webhook/register-webhook.http-controller';
import { WebhooksFile } from './register-webhook/webhooks-file';
import { SERVICE } from './service';
import { WebhookDeliveriesHttpController } from './webhook-deliveries/webhook-deliveries.http-controller';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [IngestMessagesHttpController, RegisterWebhookHttpController, WebhookDeliveriesHttpController, RecordNotificationMessageController, DocsHttpController],
  providers: [
    { provide: INGEST_BODY_PARSER, inject: [HttpAdapterHost], useFactory: registerIngestBodyParser },
    { provide: APP_FILTER, useClass: IngestExceptionFilter },
    IngestLedger,
    InboundPublisher,
    IngestMessagesHandler,
    ...privacyProviders(),
    { provide: WEBHOOKS_CONFIG, useFactory: () => loadConfig(webhooksEnvSchema) },
    {
      provide: WebhookSecrets,
      useFactory: () => {
        const secrets = new WebhookSecrets(piiMasterKeyOf(loadConfig(piiKeyEnvSchema)));
        if (!secrets.sealing) new Logger('Webhooks').warn('PII_MASTER_KEY is not set: webhook secrets are stored unsealed');
        return secrets;
      },
    },
    WebhookEndpoints,
    WebhookDeliveries,
    WebhooksFile,
    WebhookDispatcher,
  ],
})
export class IngestGatewayModule {}
