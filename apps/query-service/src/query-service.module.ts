import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { loadConfig, PlatformModule, privacyProviders } from '@orderflow/platform';
import { AuditVerification } from './audit/audit-verification';
import { DeadLettersHttpController } from './dead-letters/dead-letters.http-controller';
import { AuditHttpController } from './audit/audit.http-controller';
import { StreamHeadSealer } from './audit/stream-head-sealer';
import { DocsHttpController } from './docs/docs.http-controller';
import { ApiExceptionFilter } from './infrastructure/http/api-exception.filter';
import { ProjectionPositionInterceptor } from './infrastructure/http/projection-position.interceptor';
import { ProjectorsService } from './infrastructure/projectors.service';
import { QUERY_CONFIG, queryEnvSchema } from './infrastructure/query.config';
import { InventoryQueries } from './inventory/inventory-queries';
import { InventoryHttpController } from './inventory/inventory.http-controller';
import { StockHistoryQueries } from './inventory/stock-history';
import { StockHistoryHttpController } from './inventory/stock-history.http-controller';
import { LiveOrderFeed } from './live/live-order-feed';
import { LiveHttpController } from './live/live.http-controller';
import { OrderQueries } from './orders/order-queries';
import { OrdersHttpController } from './orders/orders.http-controller';
import { PipelineLagReader } from './pipeline/pipeline-lag';
import { PipelineHttpController } from './pipeline/pipeline.http-controller';
import { ProjectionRebuilds } from './projections/projection-rebuilds';
import { ProjectionsHttpController } from './projections/projections.http-controller';
import { ProductionOrderQueries } from './production-orders/production-order-queries';
import { ProductionOrdersHttpController } from './production-orders/production-orders.http-controller';
import { QueueQueries } from './queues/queue-queries';
import { QueuesHttpController } from './queues/queues.http-controller';
import { FinanceQueries } from './reports/finance-queries';
import { FinanceHttpController } from './reports/finance.http-controller';
import { OverviewQueries } from './reports/overview-queries';
import { OverviewHttpController } from './reports/overview.http-controller';
import { ProjectionRebuildHttpController } from './projections/rebuild.http-controller';
import { ReportQueries } from './reports/report-queries';
import { ReportsHttpController } from './reports/reports.http-controller';
import { ReplenishmentQueries } from './reports/replenishment-queries';
import { ReplenishmentHttpController } from './reports/replenishment.http-controller';
import { CustomerQueries } from './reports/customer-queries';
import { CustomerHttpController } from './reports/customer.http-controller';
import { EmissionQueries } from './reports/emission-queries';
import { EmissionsHttpController } from './reports/emissions.http-controller';
import { TrendQueries } from './reports/trend-queries';
import { TrendsHttpController } from './reports/trends.http-controller';
import { SERVICE } from './service';
import { ShipmentsAndReturnsHttpController } from './shipments-and-returns/shipments-and-returns.http-controller';
import { WhoamiHttpController } from './whoami/whoami.http-controller';

/** Projectors fed by the event store's global stream, and the HTTP API over what they project. */
@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [
    OrdersHttpController,
    ShipmentsAndReturnsHttpController,
    InventoryHttpController,
    StockHistoryHttpController,
    QueuesHttpController,
    ProductionOrdersHttpController,
    ReportsHttpController,
    FinanceHttpController,
    CustomerHttpController,
    TrendsHttpController,
    EmissionsHttpController,
    ReplenishmentHttpController,
    OverviewHttpController,
    LiveHttpController,
    ProjectionsHttpController,
    ProjectionRebuildHttpController,
    DeadLettersHttpController,
    PipelineHttpController,
    AuditHttpController,
    DocsHttpController,
    WhoamiHttpController,
  ],
  providers: [
    { provide: QUERY_CONFIG, useFactory: () => loadConfig(queryEnvSchema) },
    ProjectorsService,
    OrderQueries,
    InventoryQueries,
    ReportQueries,
    FinanceQueries,
    CustomerQueries,
    TrendQueries,
    EmissionQueries,
    ReplenishmentQueries,
    QueueQueries,
    ProductionOrderQueries,
    OverviewQueries,
    StockHistoryQueries,
    LiveOrderFeed,
    AuditVerification,
    StreamHeadSealer,
    ProjectionRebuilds,
    PipelineLagReader,
    ...privacyProviders(),
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: ProjectionPositionInterceptor },
  ],
})
export class QueryServiceModule {}
