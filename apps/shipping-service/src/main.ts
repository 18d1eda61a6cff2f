import '@orderflow/platform/memory-budget';
import 'reflect-metadata';
import { runService } from '@orderflow/platform';
import { ShippingServiceModule } from './shipping-service.module';
import { SERVICE } from './service';

runService(ShippingServiceModule, SERVICE).catch((err) => {
  console.error(`shipping-service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
