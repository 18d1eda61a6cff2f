import '@orderflow/platform/memory-budget';
import 'reflect-metadata';
import { runService } from '@orderflow/platform';
import { AfterSalesServiceModule } from './after-sales-service.module';
import { SERVICE } from './service';

runService(AfterSalesServiceModule, SERVICE).catch((err) => {
  console.error(`after-sales-service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
