import '@orderflow/platform/memory-budget';
import 'reflect-metadata';
import { runService } from '@orderflow/platform';
import { InventoryServiceModule } from './inventory-service.module';
import { SERVICE } from './service';

runService(InventoryServiceModule, SERVICE).catch((err) => {
  console.error(`inventory-service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
