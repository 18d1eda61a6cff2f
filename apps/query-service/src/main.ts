import '@orderflow/platform/memory-budget';
import 'reflect-metadata';
import { runService } from '@orderflow/platform';
import { QueryServiceModule } from './query-service.module';
import { SERVICE } from './service';

runService(QueryServiceModule, SERVICE).catch((err) => {
  console.error(`query-service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
