import { ShippingEvent } from '@orderflow/contracts';
import { deciderSpec } from '@orderflow/decider';
import { CITY_COURIER, DEFAULT_CARRIERS } from './default-carriers';
import { Carrier } from './carrier-choice';
import { awaitsDelivery, courierHeld, needsCourier, openCourierOffer, ShipmentCommand, shipmentDecider, ShipmentRequest, TrackingStatus, waitsForCourier } from './shipment.decider';

const spec = deciderSpec(shipmentDecider);
const now = new Date('2026-03-02T09:30:00.000Z');
const at = now.toISOString();
const scannedAt = '2026-03-03T07:15:00.000Z';

const request: ShipmentRequest = {
  shipmentId: 'OF-000001-1',
  orderId: '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70',
  channel: 'webshop',
  externalOrderId: 'W-1001',
  purpose: 'ORDER',
  reservationId: '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70',
  warehouseId: 'WH-BER',
  lines: [{ sku: 'MUG-RED', quantity: 2 }],
  shipTo: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  promisedBy: '2026-03-06',
};
const ref = {
  shipmentId: request.shipmentId,
  orderId: request.orderId,
  channel: request.channel,
  externalOrderId: request.externalOrderId,
  purpose: request.purpose,
};
const parcel = { carrier: 'ParcelNet', trackingNumber: 'PN0000000042' };

const requested: ShippingEvent = { type: 'ShipmentRequested', data: { ...request, requestedAt: at } };
const booked: ShippingEvent = {
  type: 'ShipmentBooked',
  data: {
    ...ref,
    ...parcel,
    serviceLevel: 'STANDARD',
    weightGrams: 2000,
    costMinor: 610,
    currency: 'EUR',
    estimatedDeliveryDate: '2026-03-05',
    promisedBy: '2026-03-06',
    rule: 'cheapest carrier arriving by the promised date 2026-03-06',
    co2GramsPerKm: 15,
    bookedAt: at,
  },
};
const pickedUp: ShippingEvent = {
  type: 'ShipmentPickedUp',
  data: { ...ref, ...parcel, warehouseId: 'WH-BER', lines: request.lines, location: 'Berlin hub', pickedUpAt: scannedAt },
};
const inTransit = (status: 'IN_TRANSIT' | 'OUT_FOR_DELIVERY', location: string): ShippingEvent => ({
  type: 'ShipmentInTransit',
  data: { ...ref, ...parcel, status, location, scannedAt },
});
const delivered: ShippingEvent = {
  type: 'ShipmentDelivered',
  data: { ...ref, ...parcel, lines: request.lines, promisedBy: '2026-03-06', location: 'Berlin', deliveredAt: scannedAt },
};
const failed: ShippingEvent = { type: 'ShipmentDeliveryFailed', data: { ...ref, ...parcel, location: 'Berlin', failedAt: scannedAt } };
const returned: ShippingEvent = { type: 'ShipmentReturnedToSender', data: { ...ref, ...parcel, location: 'Berlin hub', returnedAt: scannedAt } };
const cancelled: ShippingEvent = { type: 'ShipmentCancelled', data: { ...ref, reason: 'order cancelled', cancelledAt: at } };

const pack = (weightGrams = 2000, when = now, catalogueWeights = new Map<string, number>()): ShipmentCommand => ({
  type: 'PackShipment',
  weightGrams,
  catalogueWeights,
  carriers: DEFAULT_CARRIERS,
  parcelNumber: 42,
  now: when,
});
/** Packed without a weight: the catalogue's weights (per SKU) are what there is. */
const packUnweighed = (catalogueWeights = new Map<string, number>()): ShipmentCommand => ({
  type: 'PackShipment',
  catalogueWeights,
  carriers: DEFAULT_CARRIERS,
  parcelNumber: 42,
  now,
});
const scan = (status: TrackingStatus, location?: string): ShipmentCommand => ({
  type: 'RecordScan',
  status,
  ...(location !== undefined ? { location } : {}),
  scannedAt,
});
const checkDelay = (today: string): ShipmentCommand => ({ type: 'DetectDelay', today, now: new Date(`${today}T06:00:00.000Z`) });

describe('shipment decider', () => {
  describe('request', () => {
    it('turns an allocated shipment into a shipment awaiting packing', () => {
      spec.given([]).when({ type: 'RequestShipment', request, now }).then([requested]);
      expect(spec.stateAfter([requested]).status).toBe('AWAITING_PACKING');
    });

    it('keeps the RMA number of an exchange replacement', () => {
      const exchange = { ...request, purpose: 'EXCHANGE' as const, rmaNumber: 'RMA-000042' };
      spec
        .given([])
        .when({ type: 'RequestShipment', request: exchange, now })
        .then([{ type: 'ShipmentRequested', data: { ...exchange, requestedAt: at } }]);
    });

    it('requests a shipment once, however often the allocation arrives', () => {
      spec.given([requested]).when({ type: 'RequestShipment', request, now }).thenNothing();
    });
  });

  describe('packing and booking', () => {
    it('books the carrier the rules choose, with a tracking number from its prefix, the cost and the rule', () => {
      spec.given([requested]).when(pack()).then([booked]);
    });

    it("weighs a parcel its warehouse did not weigh by the catalogue: its lines' units at their products' weights", () => {
      spec
        .given([requested])
        .when(packUnweighed(new Map([['MUG-RED', 350]])))
        .thenMatches([{ type: 'ShipmentBooked', data: expect.objectContaining({ weightGrams: 700, costMinor: 550 }) }]);
    });

    it("takes the warehouse's weight over the catalogue's", () => {
      spec
        .given([requested])
        .when(pack(2000, now, new Map([['MUG-RED', 350]])))
        .thenMatches([{ type: 'ShipmentBooked', data: expect.objectContaining({ weightGrams: 2000 }) }]);
    });

    it('refuses a parcel without a weight whose product the catalogue does not weigh, naming the SKU', () => {
      spec.given([requested]).when(packUnweighed()).thenRefuses('unknown-weight', /shipment OF-000001-1 .*no weight for SKU MUG-RED/);
    });

    it('books express when only express arrives in time, and the fastest, saying so, when none does', () => {
      spec
        .given([requested])
        .when(pack(2000, new Date('2026-03-05T09:00:00.000Z')))
        .thenMatches([
          {
            type: 'ShipmentBooked',
            data: expect.objectContaining({
              carrier: 'SwiftAir',
              trackingNumber: 'SWA0000000042',
              serviceLevel: 'EXPRESS',
              estimatedDeliveryDate: '2026-03-06',
              rule: 'cheapest carrier arriving by the promised date 2026-03-06',
            }),
          },
        ]);
      spec
        .given([requested])
        .when(pack(2000, new Date('2026-03-06T09:00:00.000Z')))
        .thenMatches([
          {
            type: 'ShipmentBooked',
            data: expect.objectContaining({ carrier: 'SwiftAir', rule: 'fastest carrier, as none arrives by the promised date 2026-03-06' }),
          },
        ]);
    });

    it('books against the new estimate once the shipment has been delayed', () => {
      const delayed: ShippingEvent = {
        type: 'ShipmentDelayed',
        data: { ...ref, promisedBy: '2026-03-06', newEstimate: '2026-03-12', detectedAt: at },
      };
      spec
        .given([requested, delayed])
        .when(pack(2000, new Date('2026-03-07T09:00:00.000Z')))
        .thenMatches([{ type: 'ShipmentBooked', data: expect.objectContaining({ carrier: 'ParcelNet', promisedBy: '2026-03-12' }) }]);
    });

    it('books once when the same shipment is packed twice', () => {
      spec.given([requested, booked]).when(pack()).thenNothing();
      spec.given([requested, booked, pickedUp]).when(pack()).thenNothing();
    });

    it('refuses to pack an unknown shipment, a cancelled one, or one no carrier can take', () => {
      spec.given([]).when(pack()).thenRefuses('unknown-shipment');
      spec.given([requested, cancelled]).when(pack()).thenRefuses('shipment-cancelled', /OF-000001-1 was cancelled/);
      spec.given([requested]).when(pack(2_000_000)).thenRefuses('no-eligible-carrier', /2000000 g parcel to DE/);
    });

    it('refuses a packing reported for another warehouse than the one the shipment leaves from', () => {
      spec
        .given([requested])
        .when({ ...pack(), packedBy: 'WH-MUC' } as ShipmentCommand)
        .thenRefuses('wrong-warehouse', /OF-000001-1 leaves from warehouse WH-BER; WH-MUC may not report it packed/);
      spec.given([requested]).when({ ...pack(), packedBy: 'WH-BER' } as ShipmentCommand).then([booked]);
    });
  });

  describe('tracking', () => {
    const onTheWay = [requested, booked, pickedUp];

    it('records the pick-up of a booked parcel with its warehouse and lines', () => {
      spec.given([requested, booked]).when(scan('PICKED_UP', 'Berlin hub')).then([pickedUp]);
    });

    it('records in-transit and out-for-delivery scans', () => {
      spec.given(onTheWay).when(scan('IN_TRANSIT', 'Leipzig hub')).then([inTransit('IN_TRANSIT', 'Leipzig hub')]);
      spec
        .given([...onTheWay, inTransit('IN_TRANSIT', 'Leipzig hub')])
        .when(scan('OUT_FOR_DELIVERY', 'Berlin'))
        .then([inTransit('OUT_FOR_DELIVERY', 'Berlin')]);
    });

    it('records the delivery with the original promise', () => {
      spec.given([...onTheWay, inTransit('OUT_FOR_DELIVERY', 'Berlin')]).when(scan('DELIVERED', 'Berlin')).then([delivered]);
    });

    it('records a failed delivery, and a later delivery still counts', () => {
      spec.given(onTheWay).when(scan('DELIVERY_FAILED', 'Berlin')).then([failed]);
      spec
        .given([...onTheWay, failed, inTransit('OUT_FOR_DELIVERY', 'Berlin')])
        .when(scan('DELIVERED', 'Berlin'))
        .then([delivered]);
      spec.given([...onTheWay, failed]).when(scan('DELIVERED', 'Berlin')).then([delivered]);
    });

    it('records a return to sender, after which no scan changes anything', () => {
      spec.given(onTheWay).when(scan('RETURNED_TO_SENDER', 'Berlin hub')).then([returned]);
      spec.given([...onTheWay, returned]).when(scan('DELIVERED', 'Berlin')).thenNothing();
    });

    it('records the missed pick-up first when a later scan arrives for a booked parcel', () => {
      const missedPickUp: ShippingEvent = {
        type: 'ShipmentPickedUp',
        data: { ...ref, ...parcel, warehouseId: 'WH-BER', lines: request.lines, pickedUpAt: scannedAt },
      };
      spec.given([requested, booked]).when(scan('DELIVERED', 'Berlin')).then([missedPickUp, delivered]);
      spec.given([requested, booked]).when(scan('IN_TRANSIT', 'Leipzig hub')).then([missedPickUp, inTransit('IN_TRANSIT', 'Leipzig hub')]);
      spec.given([requested, booked]).when(scan('DELIVERY_FAILED', 'Berlin')).then([missedPickUp, failed]);
    });

    it('changes nothing for repeated or stale scans', () => {
      spec.given(onTheWay).when(scan('PICKED_UP', 'Potsdam')).thenNothing();
      spec.given([...onTheWay, inTransit('IN_TRANSIT', 'Leipzig hub')]).when(scan('IN_TRANSIT', 'Leipzig hub')).thenNothing();
      spec.given([...onTheWay, delivered]).when(scan('DELIVERED', 'Berlin')).thenNothing();
      spec.given([...onTheWay, delivered]).when(scan('OUT_FOR_DELIVERY', 'Berlin')).thenNothing();
      spec.given([...onTheWay, delivered]).when(scan('PICKED_UP')).thenNothing();
    });

    it('records the parcel moving on to another hub', () => {
      spec
        .given([...onTheWay, inTransit('IN_TRANSIT', 'Leipzig hub')])
        .when(scan('IN_TRANSIT', 'Hannover hub'))
        .then([inTransit('IN_TRANSIT', 'Hannover hub')]);
    });

    it('records the pick-up of a cancelled shipment the carrier took anyway: the goods left, whatever was decided', () => {
      spec.given([requested, booked, cancelled]).when(scan('PICKED_UP', 'Berlin hub')).then([pickedUp]);
      spec
        .given([requested, booked, cancelled])
        .when(scan('DELIVERED', 'Berlin'))
        .then([{ type: 'ShipmentPickedUp', data: { ...ref, ...parcel, warehouseId: 'WH-BER', lines: request.lines, pickedUpAt: scannedAt } }, delivered]);
      const state = spec.stateAfter([requested, booked, cancelled, pickedUp]);
      expect(state.status).toBe('PICKED_UP');
      expect(awaitsDelivery(state)).toBe(true);
    });

    it('refuses any scan of a shipment never booked', () => {
      spec.given([requested]).when(scan('PICKED_UP')).thenRefuses('not-booked');
      spec.given([requested, cancelled]).when(scan('PICKED_UP')).thenRefuses('not-booked');
      spec.given([]).when(scan('PICKED_UP')).thenRefuses('unknown-shipment');
    });
  });

  describe('cancellation', () => {
    const cancel: ShipmentCommand = { type: 'CancelShipment', reason: 'order cancelled', now };

    it('cancels a shipment awaiting packing or booked but not yet picked up', () => {
      spec.given([requested]).when(cancel).then([cancelled]);
      spec.given([requested, booked]).when(cancel).then([cancelled]);
    });

    it('changes nothing for a shipment already with the carrier, already cancelled, or unknown', () => {
      spec.given([requested, booked, pickedUp]).when(cancel).thenNothing();
      spec.given([requested, booked, pickedUp, delivered]).when(cancel).thenNothing();
      spec.given([requested, cancelled]).when(cancel).thenNothing();
      spec.given([]).when(cancel).thenNothing();
    });
  });

  describe('delays', () => {
    const delayed = (promisedBy: string, newEstimate: string, today: string): ShippingEvent => ({
      type: 'ShipmentDelayed',
      data: { ...ref, promisedBy, newEstimate, detectedAt: `${today}T06:00:00.000Z` },
    });

    it('is not delayed on its promised date', () => {
      spec.given([requested, booked, pickedUp]).when(checkDelay('2026-03-06')).thenNothing();
    });

    it('is delayed the day after, with a new estimate from the booked carrier’s transit days', () => {
      spec.given([requested, booked, pickedUp]).when(checkDelay('2026-03-07')).then([delayed('2026-03-06', '2026-03-10', '2026-03-07')]);
    });

    it('estimates two more days for a shipment not booked yet', () => {
      spec.given([requested]).when(checkDelay('2026-03-07')).then([delayed('2026-03-06', '2026-03-09', '2026-03-07')]);
    });

    it('is delayed again only once the new estimate has passed', () => {
      const history = [requested, booked, pickedUp, delayed('2026-03-06', '2026-03-10', '2026-03-07')];
      spec.given(history).when(checkDelay('2026-03-07')).thenNothing();
      spec.given(history).when(checkDelay('2026-03-10')).thenNothing();
      spec.given(history).when(checkDelay('2026-03-11')).then([delayed('2026-03-10', '2026-03-14', '2026-03-11')]);
    });

    it('still counts a failed delivery as late', () => {
      spec.given([requested, booked, pickedUp, failed]).when(checkDelay('2026-03-07')).thenMatches([{ type: 'ShipmentDelayed' }]);
    });

    it('never delays a delivered, returned or cancelled shipment', () => {
      spec.given([requested, booked, pickedUp, delivered]).when(checkDelay('2026-03-20')).thenNothing();
      spec.given([requested, booked, pickedUp, returned]).when(checkDelay('2026-03-20')).thenNothing();
      spec.given([requested, cancelled]).when(checkDelay('2026-03-20')).thenNothing();
    });
  });

  describe('local couriers (docs/adr/0038)', () => {
    const cityCourier = CITY_COURIER;
    const local = { ...request, distanceKm: 4.2, origin: { lat: 52.52, lon: 13.4 } };
    const localRequested: ShippingEvent = { type: 'ShipmentRequested', data: { ...local, requestedAt: at } };
    const courierParcel = { carrier: 'CityCourier', trackingNumber: 'CC0000000042' };
    const packLocal = (carriers: Carrier[]): ShipmentCommand => ({ type: 'PackShipment', weightGrams: 2000, catalogueWeights: new Map(), carriers, parcelNumber: 42, now });
    const localBooked: ShippingEvent = {
      type: 'ShipmentBooked',
      data: {
        ...ref,
        ...courierParcel,
        serviceLevel: 'SAME_DAY',
        weightGrams: 2000,
        costMinor: 410,
        currency: 'EUR',
        estimatedDeliveryDate: '2026-03-02',
        promisedBy: '2026-03-06',
        rule: 'cheapest carrier arriving by the promised date 2026-03-06',
        kind: 'LOCAL_COURIER',
        distanceKm: 4.2,
        co2GramsPerKm: 0,
        bookedAt: at,
      },
    };
    const inTwoMinutes = new Date(now.getTime() + 120_000).toISOString();
    const assign = (candidates: { courierId: string; distanceKm?: number }[], when = now): ShipmentCommand => ({ type: 'AssignCourier', candidates, acceptWithinMs: 120_000, now: when });
    const assigned = (courierId: string, distanceKm: number, attempt: number, alternatives: { courierId: string; distanceKm: number }[], when = now): ShippingEvent => ({
      type: 'CourierAssigned',
      data: {
        ...ref,
        ...courierParcel,
        courierId,
        warehouseId: 'WH-BER',
        distanceKm,
        attempt,
        alternatives,
        acceptBy: new Date(when.getTime() + 120_000).toISOString(),
        assignedAt: when.toISOString(),
      },
    });
    const later = new Date(now.getTime() + 121_000);
    const lapsedBy = (courierId: string): ShippingEvent => ({
      type: 'CourierAssignmentLapsed',
      data: { ...ref, ...courierParcel, courierId, acceptBy: inTwoMinutes, lapsedAt: later.toISOString() },
    });
    const accepted = (courierId: string): ShippingEvent => ({ type: 'CourierAssignmentAccepted', data: { ...ref, ...courierParcel, courierId, acceptedAt: at } });

    it('books a local courier within its reach, recording the distance and the carrier’s CO₂ factor', () => {
      spec.given([localRequested]).when(packLocal([...DEFAULT_CARRIERS, cityCourier])).then([localBooked]);
      expect(needsCourier(spec.stateAfter([localRequested, localBooked]))).toBe(true);
    });

    it('never books a local courier for a shipment beyond its reach, or one allocation could not measure', () => {
      const far = { type: 'ShipmentRequested' as const, data: { ...local, distanceKm: 26, requestedAt: at } };
      spec.given([far]).when(packLocal([...DEFAULT_CARRIERS, cityCourier])).thenMatches([{ type: 'ShipmentBooked', data: expect.objectContaining({ carrier: 'ParcelNet' }) }]);
      spec.given([requested]).when(packLocal([...DEFAULT_CARRIERS, cityCourier])).thenMatches([{ type: 'ShipmentBooked', data: expect.objectContaining({ carrier: 'ParcelNet' }) }]);
    });

    it('offers the shipment to the nearest candidate, recording the others as the alternatives', () => {
      spec
        .given([localRequested, localBooked])
        .when(assign([{ courierId: 'CR-2', distanceKm: 1.1 }, { courierId: 'CR-1', distanceKm: 3.5 }]))
        .then([assigned('CR-2', 1.1, 1, [{ courierId: 'CR-1', distanceKm: 3.5 }])]);
      expect(openCourierOffer(spec.stateAfter([localRequested, localBooked, assigned('CR-2', 1.1, 1, [])]))).toEqual({ courierId: 'CR-2', acceptBy: inTwoMinutes });
    });

    it('waits for a courier when none is free, once, and is offered to the first who is', () => {
      const awaited: ShippingEvent = { type: 'CourierAwaited', data: { ...ref, ...courierParcel, warehouseId: 'WH-BER', since: at } };
      spec.given([localRequested, localBooked]).when(assign([])).then([awaited]);
      spec.given([localRequested, localBooked, awaited]).when(assign([])).thenNothing();
      expect(waitsForCourier(spec.stateAfter([localRequested, localBooked, awaited]))).toBe(true);
      spec.given([localRequested, localBooked, awaited]).when(assign([{ courierId: 'CR-3', distanceKm: 7 }])).then([assigned('CR-3', 7, 1, [])]);
    });

    it('does not offer a shipment twice while an offer is open, nor a parcel shipment at all', () => {
      spec.given([localRequested, localBooked, assigned('CR-2', 1.1, 1, [])]).when(assign([{ courierId: 'CR-1', distanceKm: 3.5 }])).thenNothing();
      spec.given([requested, booked]).when(assign([{ courierId: 'CR-1', distanceKm: 3.5 }])).thenNothing();
    });

    it('is accepted by the courier it was offered to, once; a stranger or a late answer changes nothing', () => {
      const offered = [localRequested, localBooked, assigned('CR-2', 1.1, 1, [])];
      spec.given(offered).when({ type: 'AcceptCourier', carrier: 'CityCourier', courierId: 'CR-2', now }).then([accepted('CR-2')]);
      spec.given([...offered, accepted('CR-2')]).when({ type: 'AcceptCourier', carrier: 'CityCourier', courierId: 'CR-2', now }).thenNothing();
      spec.given(offered).when({ type: 'AcceptCourier', carrier: 'CityCourier', courierId: 'CR-9', now }).thenNothing();
      spec.given([...offered, lapsedBy('CR-2')]).when({ type: 'AcceptCourier', carrier: 'CityCourier', courierId: 'CR-2', now }).thenNothing();
    });

    it('refuses an acceptance by another carrier’s courier, or of a shipment never requested', () => {
      spec
        .given([localRequested, localBooked, assigned('CR-2', 1.1, 1, [])])
        .when({ type: 'AcceptCourier', carrier: 'ParcelNet', courierId: 'CR-2', now })
        .thenRefuses('wrong-carrier', /booked with CityCourier; a courier of ParcelNet cannot accept it/);
      spec.given([]).when({ type: 'AcceptCourier', carrier: 'CityCourier', courierId: 'CR-2', now }).thenRefuses('unknown-shipment', /CR-2/);
    });

    it('lapses an offer only after its time to accept, then reassigns it to someone who has not let it lapse', () => {
      const offered = [localRequested, localBooked, assigned('CR-2', 1.1, 1, [{ courierId: 'CR-1', distanceKm: 3.5 }])];
      spec.given(offered).when({ type: 'LapseCourier', now: new Date(now.getTime() + 119_000) }).thenNothing();
      spec.given(offered).when({ type: 'LapseCourier', now: later }).then([lapsedBy('CR-2')]);
      spec.given([...offered, accepted('CR-2')]).when({ type: 'LapseCourier', now: later }).thenNothing();
      const lapsed = [...offered, lapsedBy('CR-2')];
      expect(needsCourier(spec.stateAfter(lapsed))).toBe(true);
      spec
        .given(lapsed)
        .when(assign([{ courierId: 'CR-2', distanceKm: 1.1 }, { courierId: 'CR-1', distanceKm: 3.5 }], later))
        .then([assigned('CR-1', 3.5, 2, [], later)]);
    });

    it('holds its courier from the offer until the shipment is delivered or cancelled', () => {
      const offered = [localRequested, localBooked, assigned('CR-2', 1.1, 1, [])];
      expect(courierHeld(spec.stateAfter(offered))).toBe('CR-2');
      const carried = [...offered, accepted('CR-2'), { ...pickedUp, data: { ...pickedUp.data, ...courierParcel } } as ShippingEvent];
      expect(courierHeld(spec.stateAfter(carried))).toBe('CR-2');
      expect(openCourierOffer(spec.stateAfter(carried))).toBeUndefined();
      expect(courierHeld(spec.stateAfter([...carried, { ...delivered, data: { ...delivered.data, ...courierParcel } } as ShippingEvent]))).toBeUndefined();
      expect(courierHeld(spec.stateAfter([...offered, { ...cancelled }]))).toBeUndefined();
    });
  });
});
