import { Injectable } from '@nestjs/common';
import { InventoryEventData, OrderEvent, ShippingEventData } from '@orderflow/contracts';
import { UnitOfWork } from '@orderflow/platform';
import { OrderCommand } from '../domain/order.decider';
import { OrderPaymentIndex } from '../infrastructure/order-payment-index';

/**
 * What inventory and shipping report about an order's own goods (purpose ORDER; exchange
 * replacements belong to after-sales) becomes the order's allocation, dispatch and delivery.
 */
@Injectable()
export class TrackFulfilmentHandler {
  constructor(private readonly index: OrderPaymentIndex) {}

  allocated(data: InventoryEventData<'StockAllocated' | 'BackorderAllocated'>, uow: UnitOfWork): Promise<OrderEvent[]> {
    return this.apply(data.orderId, data.purpose, uow, {
      type: 'RecordAllocation',
      shipments: data.shipments,
      backordered: data.backordered,
      now: uow.now,
    });
  }

  /** Inventory planned the order again after a change (docs/adr/0034). */
  replanned(data: InventoryEventData<'ReservationReplanned'>, uow: UnitOfWork): Promise<OrderEvent[]> {
    return this.apply(data.orderId, data.purpose, uow, {
      type: 'RecordAllocation',
      shipments: data.shipments,
      backordered: data.backordered,
      replan: { changeId: data.changeId, released: data.releasedShipments },
      now: uow.now,
    });
  }

  pickedUp(data: ShippingEventData<'ShipmentPickedUp'>, uow: UnitOfWork): Promise<OrderEvent[]> {
    return this.apply(data.orderId, data.purpose, uow, {
      type: 'RecordPickUp',
      shipmentId: data.shipmentId,
      warehouseId: data.warehouseId,
      carrier: data.carrier,
      trackingNumber: data.trackingNumber,
      lines: data.lines,
      now: uow.now,
    });
  }

  delivered(data: ShippingEventData<'ShipmentDelivered'>, uow: UnitOfWork): Promise<OrderEvent[]> {
    return this.apply(data.orderId, data.purpose, uow, {
      type: 'RecordDelivery',
      shipmentId: data.shipmentId,
      warehouseId: '',
      lines: data.lines,
      deliveredAt: data.deliveredAt,
    });
  }

  delayed(data: ShippingEventData<'ShipmentDelayed'>, uow: UnitOfWork): Promise<OrderEvent[]> {
    return this.apply(data.orderId, data.purpose, uow, {
      type: 'RecordDelay',
      shipmentId: data.shipmentId,
      promisedBy: data.promisedBy,
      newEstimate: data.newEstimate,
      now: uow.now,
    });
  }

  private async apply(orderId: string, purpose: string, uow: UnitOfWork, command: OrderCommand): Promise<OrderEvent[]> {
    if (purpose !== 'ORDER') return [];
    return this.index.execute(uow, orderId, command);
  }
}
