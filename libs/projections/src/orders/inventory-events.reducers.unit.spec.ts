import { ServiceEvent } from '../events';
import { address, confirmed, fold, line, mugShipment, orderId, placed, ref, shipmentOf, shipTerms, stockAllocated, stored, teaShipment } from './order-events.fixtures';
import { foldOrder } from './order.reducer';

const reservation = { reservationId: orderId, ...ref, purpose: 'ORDER' as const };
const at = '2026-03-02T09:31:00.000Z';
const stockAt = { sku: 'MUG-RED', warehouseId: 'WH-BER' };
const held = { ...stockAt, quantity: 2, reservationId: orderId, orderId, shipmentId: 'OF-000001-1' };
const parcel = { rmaNumber: 'RMA-000001', parcelId: 'P-1', warehouseId: 'WH-BER', lines: [{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' as const }] };

describe('the order document from inventory', () => {
  it('given StockAllocated before any order event, its shipments are ALLOCATED with warehouse, lines and promise', () => {
    const doc = fold(placed, stockAllocated);
    expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({
      purpose: 'ORDER',
      rmaNumber: null,
      status: 'ALLOCATED',
      warehouseId: 'WH-BER',
      lines: mugShipment.lines,
      promisedBy: '2026-03-05',
      allocatedAt: at,
    });
    expect(line(doc, 'MUG-RED').allocated).toBe(2);
    expect(doc.status).toBe('PLACED'); // the order's status is the order service's to say
  });

  it('given BackorderAllocated, the new shipments join the first ones', () => {
    const doc = fold(placed, confirmed, stockAllocated, {
      type: 'BackorderAllocated',
      data: { ...reservation, ...shipTerms, shipments: [teaShipment], backordered: [], allocatedAt: '2026-03-03T10:00:00.000Z' },
    });
    expect(doc.shipments.map((s) => s.shipmentId)).toEqual(['OF-000001-1', 'OF-000001-2']);
    expect(shipmentOf(doc, 'OF-000001-2')).toMatchObject({ status: 'ALLOCATED', warehouseId: 'WH-HAM', allocatedAt: '2026-03-03T10:00:00.000Z' });
    expect(line(doc, 'TEA-GREEN').allocated).toBe(3);
  });

  it('given an exchange allocation, the replacement shipment is marked EXCHANGE with its RMA number and counts for no order line', () => {
    const doc = fold(placed, confirmed, {
      type: 'StockAllocated',
      data: {
        ...reservation,
        reservationId: 'RMA-000001',
        purpose: 'EXCHANGE',
        rmaNumber: 'RMA-000001',
        shipTo: address,
        promisedBy: '2026-03-12',
        shipments: [{ ...mugShipment, shipmentId: 'RMA-000001-1' }],
        backordered: [],
        allocatedAt: at,
      },
    });
    expect(shipmentOf(doc, 'RMA-000001-1')).toMatchObject({ purpose: 'EXCHANGE', rmaNumber: 'RMA-000001', promisedBy: '2026-03-12' });
    expect(line(doc, 'MUG-RED').allocated).toBe(0);
  });

  it('given ReservationReleased, the released shipments no longer count as allocated', () => {
    const doc = fold(placed, confirmed, stockAllocated, {
      type: 'ReservationReleased',
      data: { ...reservation, releasedShipments: ['OF-000001-1'], withdrawnBackorders: [], reason: 'order cancelled', releasedAt: at },
    });
    expect(shipmentOf(doc, 'OF-000001-1')).toMatchObject({ released: true, status: 'ALLOCATED' });
    expect(line(doc, 'MUG-RED').allocated).toBe(0);
  });

  it('given stock movements and return parcels, the document only counts them', () => {
    const movements: ServiceEvent[] = [
      { type: 'ReservationShipped', data: { ...reservation, shipmentId: 'OF-000001-1', shippedAt: at } },
      { type: 'StockReserved', data: held },
      { type: 'StockReservationReleased', data: { ...held, reason: 'cancelled' } },
      { type: 'StockShipped', data: { ...held, reservedQuantity: 2 } },
      { type: 'BackorderQueued', data: { sku: 'TEA-GREEN', quantity: 3, reservationId: orderId, orderId, placedAt: at } },
      { type: 'BackorderFilled', data: { ...held, sku: 'TEA-GREEN' } },
      { type: 'BackorderWithdrawn', data: { sku: 'TEA-GREEN', quantity: 1, reservationId: orderId, orderId } },
      { type: 'StockShortfallRecorded', data: held },
      { type: 'ReservationShipmentReturned', data: { ...reservation, shipmentId: 'OF-000001-1', warehouseId: 'WH-BER', lines: mugShipment.lines, returnedAt: at } },
      { type: 'ReturnExpected', data: { rmaNumber: 'RMA-000001', orderId, lines: mugShipment.lines, expectedAt: at } },
      { type: 'ReturnNotAuthorized', data: { rmaNumber: 'RMA-000001', orderId, reason: 'rejected', recordedAt: at } },
      { type: 'ReturnParcelAccepted', data: { ...parcel, orderId, acceptedAt: at } },
      { type: 'ReturnParcelRefused', data: { ...parcel, orderId, lines: [{ ...parcel.lines[0], reason: 'received before' }], refusedAt: at } },
    ];
    const before = fold(placed, confirmed, stockAllocated);
    const events = movements.map(stored);
    expect(foldOrder(before, events)).toEqual({ ...before, lastPosition: events[events.length - 1].globalPosition, eventCount: before.eventCount + movements.length });
  });

  it('passes over the stock events that name no order', () => {
    const before = fold(placed);
    const noOrder: ServiceEvent[] = [
      { type: 'WarehouseRegistered', data: { warehouseId: 'WH-BER', name: 'Berlin', country: 'DE', region: 'BE', registeredAt: at } },
      { type: 'StockReceived', data: { ...stockAt, quantity: 5 } },
      { type: 'StockAdjusted', data: { ...stockAt, quantityDelta: -1, reason: 'count' } },
      { type: 'StockAdjustmentRefused', data: { ...stockAt, quantityDelta: -9, reason: 'count', refusal: 'below reserved' } },
      { type: 'StockRestocked', data: { ...stockAt, quantity: 1, shipmentId: 'OF-000001-1' } },
      { type: 'DamagedReturnRecorded', data: { ...stockAt, quantity: 1, rmaNumber: 'RMA-000001' } },
      { type: 'ReturnParcelHeld', data: { ...parcel, heldAt: at } },
    ];
    expect(foldOrder(before, noOrder.map(stored))).toEqual(before);
  });
});
