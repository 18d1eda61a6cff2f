import '@orderflow/platform/memory-budget';
import 'reflect-metadata';
import { runService } from '@orderflow/platform';
import { IngestGatewayModule } from './ingest-gateway.module';
import { SERVICE } from './service';

runService(IngestGatewayModule, SERVICE).catch((err) => {
  console.error(`ingest-gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
