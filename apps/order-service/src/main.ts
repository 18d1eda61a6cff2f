import '@orderflow/platform/memory-budget';
import 'reflect-metadata';
import { runService } from '@orderflow/platform';
import { OrderServiceModule } from './order-service.module';
import { SERVICE } from './service';

runService(OrderServiceModule, SERVICE).catch((err) => {
  console.error(`order-service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
