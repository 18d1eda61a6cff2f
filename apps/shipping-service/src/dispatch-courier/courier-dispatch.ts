import { Inject, Injectable } from '@nestjs/common';
import { distanceKm, ShippingEvent, StreamIds } from '@orderflow/contracts';
import { Loaded, UnitOfWork } from '@orderflow/platform';
import { CourierCandidate, needsCourier, shipmentDecider, ShipmentState } from '../domain/shipment.decider';
import { CourierDirectory, FreeCourier } from '../infrastructure/courier-directory';
import { CARRIERS } from '../infrastructure/reference-data';
import { SHIPPING_CONFIG, ShippingConfig } from '../infrastructure/shipping.config';

/** Free couriers tried in turn when the nearest were taken by a shipment decided at the same moment. */
const CLAIM_TRIES = 10;

/**
 * Gives a booked local-courier shipment to the nearest free courier of its carrier, measured from
 * its warehouse (docs/adr/0038), leaving out the couriers who let an offer of it lapse; or records
 * that it waits for one. The courier is claimed in this transaction, so it cannot be offered two
 * shipments at once.
 */
@Injectable()
export class CourierDispatch {
  constructor(
    private readonly couriers: CourierDirectory,
    @Inject(SHIPPING_CONFIG) private readonly config: Pick<ShippingConfig, 'COURIER_ACCEPT_TIMEOUT_MS'>,
  ) {}

  /** Decides the offer for the shipment as loaded (after whatever this unit of work appended to it), and appends it. */
  async offer(uow: UnitOfWork, shipmentId: string, loaded: Loaded<ShipmentState>): Promise<{ events: ShippingEvent[]; state: ShipmentState }> {
    const state = loaded.state;
    if (!needsCourier(state)) {
      await this.couriers.follow(uow.tx, shipmentId, state.booking?.carrier, state);
      return { events: [], state };
    }
    const carrier = state.booking!.carrier;
    const lapsed = new Set(state.lapsedCouriers ?? []);
    const ranked = rank((await this.couriers.free(uow.tx, carrier)).filter((c) => !lapsed.has(c.courierId)), state);
    let candidates: CourierCandidate[] = [];
    for (const [i, candidate] of ranked.slice(0, CLAIM_TRIES).entries()) {
      if (await this.couriers.claim(uow.tx, carrier, candidate.courierId, shipmentId)) {
        candidates = ranked.slice(i);
        break;
      }
    }
    const [entry] = await CARRIERS.entries(uow.tx, [carrier]);
    const acceptWithinMs = entry?.entity.acceptWithinSeconds !== undefined ? entry.entity.acceptWithinSeconds * 1000 : this.config.COURIER_ACCEPT_TIMEOUT_MS;
    const events = shipmentDecider.decide({ type: 'AssignCourier', candidates, acceptWithinMs, now: uow.now }, state);
    const after = await uow.append(StreamIds.shipment(shipmentId), loaded, events, { decider: shipmentDecider });
    await this.couriers.follow(uow.tx, shipmentId, carrier, after.state);
    return { events, state: after.state };
  }
}

/** Nearest first when the warehouse is placed; else, and on ties, the longest free first, then by id. */
function rank(free: readonly FreeCourier[], state: ShipmentState): CourierCandidate[] {
  const origin = state.request?.origin;
  return free
    .map((c) => ({ courier: c, distance: origin ? distanceKm(origin, c.location) : undefined }))
    .sort(
      (a, b) =>
        (a.distance ?? 0) - (b.distance ?? 0) ||
        a.courier.availableSince.getTime() - b.courier.availableSince.getTime() ||
        (a.courier.courierId < b.courier.courierId ? -1 : 1),
    )
    .map(({ courier, distance }) => ({ courierId: courier.courierId, ...(distance !== undefined ? { distanceKm: distance } : {}) }));
}
