import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { loadConfig, PlatformModule, privacyProviders } from '@orderflow/platform';
import { AuditVerification } from './audit/audit-verification';
import { AuditHttpController } from './audit/audit.http-controller';
import { StreamHeadSealer } from './audit/stream-head-sealer';
import { DocsHttpController } from './docs/docs.http-controller';
import { ApiExceptionFilter } from './infrastructure/http/api-exception.filter';
import { ProjectionPositionInterceptor } from './infrastructure/http/projection-position.interceptor';
import { ProjectorsService } from './infrastructure/projectors.service';
import { QUERY_CONFIG, queryEnvSchema } from './infrastructure/query.config';
import { InventoryQueries } from './inventory/inventory-queries';
import { InventoryHttpController } from './inventory/inventory.http-controller';
import { OrderQueries } from './orders/order-queries';
import { OrdersHttpController } from './orders/orders.http-controller';
import { ProjectionsHttpController } from './projections/projections.http-controller';
import { ReportQueries } from './reports/report-queries';
import { ReportsHttpController } from './reports/reports.http-controller';
import { SERVICE } from './service';
import { ShipmentsAndReturnsHttpController } from './shipments-and-returns/shipments-and-returns.http-controller';

/** Projectors fed by the event store's global stream, and the HTTP API over what they project. */
@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [
    OrdersHttpController,
    ShipmentsAndReturnsHttpController,
    InventoryHttpController,
    ReportsHttpController,
    ProjectionsHttpController,
    AuditHttpController,
    DocsHttpController,
  ],
  providers: [
    { provide: QUERY_CONFIG, useFactory: () => loadConfig(queryEnvSchema) },
    ProjectorsService,
    OrderQueries,
    InventoryQueries,
    ReportQueries,
    AuditVerification,
    StreamHeadSealer,
    ...privacyProviders(),
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: ProjectionPositionInterceptor },
  ],
})
export class QueryServiceModule {}
