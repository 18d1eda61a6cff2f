import { Module } from '@nestjs/common';
import { PlatformModule } from '@orderflow/platform';
import { SERVICE } from './service';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
})
export class InventoryServiceModule {}
