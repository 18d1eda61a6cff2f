import { StreamIds } from '@orderflow/contracts';

/**
 * Shipment ids in ascending stream-id order: a unit of work that appends to several shipments
 * takes their locks in the same order as every other one, so two of them never deadlock.
 */
export const inStreamOrder = (shipmentIds: readonly string[]): string[] =>
  [...new Set(shipmentIds)].sort((a, b) => {
    const x = StreamIds.shipment(a);
    const y = StreamIds.shipment(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
