import { deciderSpec } from '@orderflow/decider';
import { allHeld, availableAt, heldFor, StockEvent, stockDecider } from './stock.decider';

const spec = deciderSpec(stockDecider);
const sku = 'MUG-RED';
const orderA = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';
const orderB = '1c8f5e66-0a2d-5b3f-9e4c-3a7b2d0f5c81';

const received = (warehouseId: string, quantity: number): StockEvent => ({ type: 'StockReceived', data: { sku, warehouseId, quantity } });
const reserved = (shipmentId: string, quantity: number, reservationId = orderA, warehouseId = 'WH-BER'): StockEvent => ({
  type: 'StockReserved',
  data: { sku, warehouseId, quantity, reservationId, orderId: reservationId, shipmentId },
});
const queued = (reservationId: string, quantity: number, placedAt: string): StockEvent => ({
  type: 'BackorderQueued',
  data: { sku, quantity, reservationId, orderId: reservationId, placedAt },
});

describe('stock decider', () => {
  describe('a warehouse id is data, whatever it is called', () => {
    it.each(['constructor', '__proto__', 'toString'])('warehouse "%s" starts empty and adds up like any other', (warehouseId) => {
      const state = spec.stateAfter([received(warehouseId, 5), received(warehouseId, 2)]);
      expect(state.warehouses[warehouseId]).toEqual({ onHand: 7, reserved: 0 });
      expect(availableAt(state, warehouseId)).toBe(7);
      spec
        .given([received(warehouseId, 1)])
        .when({ type: 'AdjustStock', sku, warehouseId, quantityDelta: -2, reason: 'count' })
        .thenMatches([{ type: 'StockAdjustmentRefused', data: expect.objectContaining({ refusal: `on hand at ${warehouseId} would fall to -1 (it is 1)` }) }]);
    });
  });

  describe('receiving and adjusting', () => {
    it('receives stock at a warehouse, raising on hand and available', () => {
      spec
        .given([])
        .when({ type: 'ReceiveStock', sku, warehouseId: 'WH-BER', quantity: 5 })
        .then([{ type: 'StockReceived', data: { sku, warehouseId: 'WH-BER', quantity: 5 } }]);
      const state = spec.stateAfter([received('WH-BER', 5), received('WH-BER', 2), received('WH-HAM', 1)]);
      expect(state.warehouses).toEqual({ 'WH-BER': { onHand: 7, reserved: 0 }, 'WH-HAM': { onHand: 1, reserved: 0 } });
    });

    it('adjusts on hand up or down while it stays at or above what is reserved', () => {
      spec
        .given([received('WH-BER', 5), reserved('OF-1-1', 3)])
        .when({ type: 'AdjustStock', sku, warehouseId: 'WH-BER', quantityDelta: -2, reason: 'stock count' })
        .then([{ type: 'StockAdjusted', data: { sku, warehouseId: 'WH-BER', quantityDelta: -2, reason: 'stock count' } }]);
      const state = spec.stateAfter([received('WH-BER', 5), { type: 'StockAdjusted', data: { sku, warehouseId: 'WH-BER', quantityDelta: 4, reason: 'found' } }]);
      expect(state.warehouses['WH-BER']).toEqual({ onHand: 9, reserved: 0 });
    });

    it('refuses an adjustment that would take on hand below what is reserved, changing nothing', () => {
      const given = [received('WH-BER', 5), reserved('OF-1-1', 3)];
      spec
        .given(given)
        .when({ type: 'AdjustStock', sku, warehouseId: 'WH-BER', quantityDelta: -3, reason: 'breakage' })
        .then([
          {
            type: 'StockAdjustmentRefused',
            data: { sku, warehouseId: 'WH-BER', quantityDelta: -3, reason: 'breakage', refusal: 'on hand at WH-BER would fall to 2, below the 3 reserved' },
          },
        ]);
      const refused = spec.given(given).when({ type: 'AdjustStock', sku, warehouseId: 'WH-BER', quantityDelta: -3, reason: 'breakage' }).events();
      expect(spec.stateAfter([...given, ...refused]).warehouses['WH-BER']).toEqual({ onHand: 5, reserved: 3 });
    });

    it('refuses an adjustment that would take on hand below zero', () => {
      spec
        .given([received('WH-BER', 1)])
        .when({ type: 'AdjustStock', sku, warehouseId: 'WH-BER', quantityDelta: -2, reason: 'count' })
        .thenMatches([{ type: 'StockAdjustmentRefused', data: expect.objectContaining({ refusal: 'on hand at WH-BER would fall to -1 (it is 1)' }) }]);
    });
  });

  describe('reserving', () => {
    it('reserves available stock for a shipment: reserved rises, available falls', () => {
      spec
        .given([received('WH-BER', 5)])
        .when({ type: 'ReserveStock', sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1' })
        .then([reserved('OF-1-1', 2)]);
      const state = spec.stateAfter([received('WH-BER', 5), reserved('OF-1-1', 2)]);
      expect(state.warehouses['WH-BER']).toEqual({ onHand: 5, reserved: 2 });
      expect(availableAt(state, 'WH-BER')).toBe(3);
    });

    it('never reserves more than is available', () => {
      spec
        .given([received('WH-BER', 5), reserved('OF-1-1', 4)])
        .when({ type: 'ReserveStock', sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderB, orderId: orderB, shipmentId: 'OF-2-1' })
        .thenRefuses('insufficient-stock', /cannot reserve 2 of MUG-RED at WH-BER: 1 available/);
      spec
        .given([])
        .when({ type: 'ReserveStock', sku, warehouseId: 'WH-HAM', quantity: 1, reservationId: orderB, orderId: orderB, shipmentId: 'OF-2-1' })
        .thenRefuses('insufficient-stock');
    });

    it('releases a held reservation once, giving its quantity back', () => {
      const given = [received('WH-BER', 5), reserved('OF-1-1', 2)];
      const release = { type: 'ReleaseReservation' as const, sku, shipmentId: 'OF-1-1', reason: 'cancelled' };
      const releasedEvent: StockEvent = {
        type: 'StockReservationReleased',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1', reason: 'cancelled' },
      };
      spec.given(given).when(release).then([releasedEvent]);
      spec.given([...given, releasedEvent]).when(release).thenNothing();
      expect(spec.stateAfter([...given, releasedEvent]).warehouses['WH-BER']).toEqual({ onHand: 5, reserved: 0 });
    });
  });

  describe('thousands of open reservations', () => {
    it('holds each by its shipment, across buckets, and empties them as shipments leave or are released', () => {
      const ids = Array.from({ length: 3000 }, (_, i) => `OF-${String(i).padStart(6, '0')}-1`);
      const events: StockEvent[] = [received('WH-BER', 10_000), ...ids.map((id, i) => reserved(id, 1 + (i % 3), `R-${i}`))];
      const full = spec.stateAfter(events);
      expect(allHeld(full)).toHaveLength(3000);
      expect(Object.keys(full.held).length).toBeGreaterThan(32); // spread over the buckets
      expect(heldFor(full, ids[1234])).toEqual({ warehouseId: 'WH-BER', reservationId: 'R-1234', orderId: 'R-1234', quantity: 2 });
      expect(full.warehouses['WH-BER'].reserved).toBe(ids.reduce((n, _, i) => n + 1 + (i % 3), 0));

      const leaving: StockEvent[] = ids.map((id, i) =>
        i % 2 === 0
          ? { type: 'StockShipped', data: { sku, warehouseId: 'WH-BER', quantity: 1 + (i % 3), reservedQuantity: 1 + (i % 3), reservationId: `R-${i}`, orderId: orderA, shipmentId: id } }
          : { type: 'StockReservationReleased', data: { sku, warehouseId: 'WH-BER', quantity: 1 + (i % 3), reservationId: `R-${i}`, orderId: orderA, shipmentId: id, reason: 'cancelled' } },
      );
      const half = spec.stateAfter([...events, ...leaving.slice(0, 1500)]);
      expect(allHeld(half).map(([id]) => id).sort()).toEqual(ids.slice(1500));
      expect(heldFor(half, ids[0])).toBeUndefined();
      const none = spec.stateAfter([...events, ...leaving]);
      expect(none.held).toEqual({});
      expect(none.warehouses['WH-BER'].reserved).toBe(0);
      // The states before stay as they were: evolve copies, never changes a state in place.
      expect(allHeld(full)).toHaveLength(3000);
    });
  });

  describe('shipping', () => {
    const ship = { type: 'ShipStock' as const, sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1' };

    it('turns a reservation into a shipped decrement: on hand and reserved fall together', () => {
      const shipped: StockEvent = {
        type: 'StockShipped',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservedQuantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1' },
      };
      spec.given([received('WH-BER', 5), reserved('OF-1-1', 2)]).when(ship).then([shipped]);
      const state = spec.stateAfter([received('WH-BER', 5), reserved('OF-1-1', 2), shipped]);
      expect(state.warehouses['WH-BER']).toEqual({ onHand: 3, reserved: 0 });
      expect(state.held).toEqual({});
    });

    it('ships with no reserved quantity when the reservation was released before the carrier came', () => {
      const releasedEvent: StockEvent = {
        type: 'StockReservationReleased',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1', reason: 'cancelled' },
      };
      spec
        .given([received('WH-BER', 5), reserved('OF-1-1', 2), releasedEvent])
        .when(ship)
        .thenMatches([{ type: 'StockShipped', data: expect.objectContaining({ quantity: 2, reservedQuantity: 0 }) }]);
    });

    it('records the shortfall when goods released at cancellation leave after other orders were promised them', () => {
      const releasedEvent: StockEvent = {
        type: 'StockReservationReleased',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1', reason: 'cancelled' },
      };
      // 3 on hand: the cancelled order's 2 were released and went to order B, which now holds all 3.
      const given = [received('WH-BER', 3), reserved('OF-1-1', 2), releasedEvent, reserved('OF-2-1', 3, orderB)];
      const shipped: StockEvent = {
        type: 'StockShipped',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservedQuantity: 0, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1' },
      };
      const shortfall: StockEvent = {
        type: 'StockShortfallRecorded',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1' },
      };
      spec.given(given).when(ship).then([shipped, shortfall]);
      const state = spec.stateAfter([...given, shipped, shortfall]);
      expect(state.warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 3 }); // reserved is still what live reservations hold
      expect(availableAt(state, 'WH-BER')).toBe(-2);
    });

    it('records only the part of the released goods that other reservations had taken', () => {
      const releasedEvent: StockEvent = {
        type: 'StockReservationReleased',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1', reason: 'cancelled' },
      };
      spec
        .given([received('WH-BER', 3), reserved('OF-1-1', 2), releasedEvent, reserved('OF-2-1', 2, orderB)])
        .when(ship)
        .thenMatches([{ type: 'StockShipped' }, { type: 'StockShortfallRecorded', data: expect.objectContaining({ quantity: 1 }) }]);
    });

    it('records no shortfall when the released goods were still free', () => {
      const releasedEvent: StockEvent = {
        type: 'StockReservationReleased',
        data: { sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1', reason: 'cancelled' },
      };
      spec
        .given([received('WH-BER', 3), reserved('OF-1-1', 2), releasedEvent, reserved('OF-2-1', 1, orderB)])
        .when(ship)
        .thenMatches([{ type: 'StockShipped' }]);
    });
  });

  describe('returns', () => {
    it('puts resellable items back on the shelf and only records damaged ones', () => {
      spec
        .given([])
        .when({ type: 'RestockReturn', sku, warehouseId: 'WH-BER', quantity: 1, rmaNumber: 'RMA-000001' })
        .then([{ type: 'StockRestocked', data: { sku, warehouseId: 'WH-BER', quantity: 1, rmaNumber: 'RMA-000001' } }]);
      spec
        .given([])
        .when({ type: 'RecordDamagedReturn', sku, warehouseId: 'WH-BER', quantity: 1, rmaNumber: 'RMA-000001' })
        .then([{ type: 'DamagedReturnRecorded', data: { sku, warehouseId: 'WH-BER', quantity: 1, rmaNumber: 'RMA-000001' } }]);
      const state = spec.stateAfter([
        { type: 'StockRestocked', data: { sku, warehouseId: 'WH-BER', quantity: 1, rmaNumber: 'RMA-000001' } },
        { type: 'DamagedReturnRecorded', data: { sku, warehouseId: 'WH-BER', quantity: 3, rmaNumber: 'RMA-000001' } },
      ]);
      expect(state.warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 0 });
    });

    it('puts a parcel the carrier brought back on the shelf, naming its shipment', () => {
      spec
        .given([received('WH-BER', 1)])
        .when({ type: 'RestockReturn', sku, warehouseId: 'WH-BER', quantity: 2, shipmentId: 'OF-1-1' })
        .then([{ type: 'StockRestocked', data: { sku, warehouseId: 'WH-BER', quantity: 2, shipmentId: 'OF-1-1' } }]);
      const state = spec.stateAfter([received('WH-BER', 1), { type: 'StockRestocked', data: { sku, warehouseId: 'WH-BER', quantity: 2, shipmentId: 'OF-1-1' } }]);
      expect(state.warehouses['WH-BER']).toEqual({ onHand: 3, reserved: 0 });
    });
  });

  describe('backorders', () => {
    it('queues backorders oldest order first, reservation id breaking ties', () => {
      spec
        .given([])
        .when({ type: 'QueueBackorder', sku, quantity: 2, reservationId: orderA, orderId: orderA, placedAt: '2026-03-02T10:00:00.000Z' })
        .then([queued(orderA, 2, '2026-03-02T10:00:00.000Z')]);
      const state = spec.stateAfter([
        queued('c', 1, '2026-03-02T10:00:00.000Z'),
        queued('b', 1, '2026-03-02T09:00:00.000+01:00'),
        queued('a', 1, '2026-03-02T10:00:00.000Z'),
      ]);
      expect(state.backorders.map((b) => b.reservationId)).toEqual(['b', 'a', 'c']);
    });

    it('refuses to queue a second backorder of one SKU for one reservation', () => {
      spec
        .given([queued(orderA, 2, '2026-03-02T10:00:00.000Z')])
        .when({ type: 'QueueBackorder', sku, quantity: 1, reservationId: orderA, orderId: orderA, placedAt: '2026-03-02T10:00:00.000Z' })
        .thenRefuses('backorder-already-queued');
    });

    it('fills a backorder from available stock: BackorderFilled and StockReserved, the rest keeps waiting', () => {
      const given = [queued(orderA, 3, '2026-03-02T10:00:00.000Z'), received('WH-BER', 2)];
      const data = { sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, orderId: orderA, shipmentId: 'OF-1-1' };
      spec
        .given(given)
        .when({ type: 'FillBackorder', sku, warehouseId: 'WH-BER', quantity: 2, reservationId: orderA, shipmentId: 'OF-1-1' })
        .then([
          { type: 'BackorderFilled', data },
          { type: 'StockReserved', data },
        ]);
      const state = spec.stateAfter([...given, { type: 'BackorderFilled', data }, { type: 'StockReserved', data }]);
      expect(state.backorders).toEqual([{ reservationId: orderA, orderId: orderA, quantity: 1, placedAt: '2026-03-02T10:00:00.000Z' }]);
      expect(availableAt(state, 'WH-BER')).toBe(0);
    });

    it('refuses to fill more than waits, more than is available, or a reservation that does not wait', () => {
      const given = [queued(orderA, 2, '2026-03-02T10:00:00.000Z'), received('WH-BER', 5)];
      const fill = { type: 'FillBackorder' as const, sku, warehouseId: 'WH-BER', reservationId: orderA, shipmentId: 'OF-1-1' };
      spec.given(given).when({ ...fill, quantity: 3 }).thenRefuses('backorder-overfilled');
      spec.given([queued(orderA, 2, '2026-03-02T10:00:00.000Z'), received('WH-BER', 1)]).when({ ...fill, quantity: 2 }).thenRefuses('insufficient-stock');
      spec.given(given).when({ ...fill, reservationId: orderB, quantity: 1 }).thenRefuses('no-backorder');
    });

    it('withdraws what a reservation waits for, and nothing when it waits for nothing', () => {
      spec
        .given([queued(orderA, 2, '2026-03-02T10:00:00.000Z')])
        .when({ type: 'WithdrawBackorder', sku, reservationId: orderA })
        .then([{ type: 'BackorderWithdrawn', data: { sku, quantity: 2, reservationId: orderA, orderId: orderA } }]);
      spec.given([]).when({ type: 'WithdrawBackorder', sku, reservationId: orderA }).thenNothing();
    });
  });

  it('keeps a state that survives a JSON round trip unchanged (it is snapshotted)', () => {
    const state = spec.stateAfter([received('WH-BER', 5), reserved('OF-1-1', 2), queued(orderB, 1, '2026-03-02T10:00:00.000Z')]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
