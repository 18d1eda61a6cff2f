import { Module } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { PlatformModule, privacyProviders } from '@orderflow/platform';
import { DocsHttpController } from './docs/docs.http-controller';
import { INGEST_BODY_PARSER, registerIngestBodyParser } from './infrastructure/http-body';
import { InboundPublisher } from './infrastructure/inbound-publisher';
import { IngestExceptionFilter } from './infrastructure/ingest-exception.filter';
import { IngestLedger } from './infrastructure/ingest-ledger';
import { IngestMessagesHandler } from './ingest-messages/ingest-messages.handler';
import { IngestMessagesHttpController } from './ingest-messages/ingest-messages.http-controller';
import { SERVICE } from './service';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [IngestMessagesHttpController, DocsHttpController],
  providers: [
    { provide: INGEST_BODY_PARSER, inject: [HttpAdapterHost], useFactory: registerIngestBodyParser },
    { provide: APP_FILTER, useClass: IngestExceptionFilter },
    IngestLedger,
    InboundPublisher,
    IngestMessagesHandler,
    ...privacyProviders(),
  ],
})
export class IngestGatewayModule {}
