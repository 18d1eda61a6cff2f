import { Module } from '@nestjs/common';
import { loadConfig, PlatformModule } from '@orderflow/platform';
import { BookCarrierHandler } from './book-carrier/book-carrier.handler';
import { BookCarrierMessageController } from './book-carrier/book-carrier.message-controller';
import { CancelShipmentsHandler } from './cancel-shipments/cancel-shipments.handler';
import { CancelShipmentsMessageController } from './cancel-shipments/cancel-shipments.message-controller';
import { DelayCheckSchedule } from './detect-delays/delay-check.schedule';
import { DelayDetector } from './detect-delays/delay-detector';
import { DetectDelayHandler } from './detect-delays/detect-delay.handler';
import { CourierCheckSchedule } from './dispatch-courier/courier-check.schedule';
import { CourierDispatch } from './dispatch-courier/courier-dispatch';
import { CourierOfferCheck } from './dispatch-courier/courier-offer-check';
import { DocsHttpController } from './docs/docs.http-controller';
import { CourierDirectory } from './infrastructure/courier-directory';
import { DelayWatch } from './infrastructure/delay-watch';
import { ParcelRegistry } from './infrastructure/parcel-registry';
import { ProductWeights } from './infrastructure/product-weights';
import { SHIPPING_CONFIG, shippingEnvSchema } from './infrastructure/shipping.config';
import { CarriersHttpController } from './manage-carriers/carriers.http-controller';
import { SeedCarriers } from './manage-carriers/seed-carriers';
import { RecordProductWeightMessageController } from './record-product-weight/record-product-weight.message-controller';
import { ReportCouriersHandler } from './report-couriers/report-couriers.handler';
import { ReportCouriersMessageController } from './report-couriers/report-couriers.message-controller';
import { RequestShipmentHandler } from './request-shipment/request-shipment.handler';
import { RequestShipmentMessageController } from './request-shipment/request-shipment.message-controller';
import { SERVICE } from './service';
import { TrackParcelHandler } from './track-parcel/track-parcel.handler';
import { TrackParcelMessageController } from './track-parcel/track-parcel.message-controller';

@Module({
  imports: [PlatformModule.forService(SERVICE)],
  controllers: [
    RequestShipmentMessageController,
    BookCarrierMessageController,
    TrackParcelMessageController,
    CancelShipmentsMessageController,
    RecordProductWeightMessageController,
    ReportCouriersMessageController,
    CarriersHttpController,
    DocsHttpController,
  ],
  providers: [
    { provide: SHIPPING_CONFIG, useFactory: () => loadConfig(shippingEnvSchema) },
    ParcelRegistry,
    ProductWeights,
    SeedCarriers,
    DelayWatch,
    RequestShipmentHandler,
    BookCarrierHandler,
    TrackParcelHandler,
    CancelShipmentsHandler,
    DetectDelayHandler,
    DelayDetector,
    DelayCheckSchedule,
    CourierDirectory,
    CourierDispatch,
    ReportCouriersHandler,
    CourierOfferCheck,
    CourierCheckSchedule,
  ],
})
export class ShippingServiceModule {}
