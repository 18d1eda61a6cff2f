import { deciderSpec } from '@orderflow/decider';
import { RestockCommand, restockDecider, RestockEvent, ReturnedLine } from './restock.decider';

const spec = deciderSpec(restockDecider);
const now = new Date('2026-03-20T10:00:00.000Z');
const at = now.toISOString();
const rmaNumber = 'RMA-000042';
const orderId = '0b7e4d55-9f1c-5a2e-8d3b-2f6a1c9e4b70';

const expect2Mugs: RestockCommand = { type: 'ExpectReturn', rmaNumber, orderId, lines: [{ sku: 'MUG-RED', quantity: 2 }], now };
const expected: RestockEvent = {
  type: 'ReturnExpected',
  data: { rmaNumber, orderId, lines: [{ sku: 'MUG-RED', quantity: 2 }], expectedAt: at },
};
const parcel = (parcelId: string, lines: { sku: string; quantity: number; condition: 'RESELLABLE' | 'DAMAGED' }[]): RestockCommand => ({
  type: 'ReceiveParcel',
  rmaNumber,
  parcelId,
  warehouseId: 'WH-BER',
  lines,
  now,
});
const twoMugs: ReturnedLine[] = [{ sku: 'MUG-RED', quantity: 2, condition: 'RESELLABLE' }];
const accepted = (parcelId: string, lines = twoMugs): RestockEvent => ({
  type: 'ReturnParcelAccepted',
  data: { rmaNumber, orderId, parcelId, warehouseId: 'WH-BER', lines, acceptedAt: at },
});
const held = (parcelId: string, lines = twoMugs): RestockEvent => ({
  type: 'ReturnParcelHeld',
  data: { rmaNumber, parcelId, warehouseId: 'WH-BER', lines, heldAt: at },
});

describe('restock decider (what inventory may put back on the shelf for one RMA)', () => {
  describe('a parcel for an authorised return', () => {
    it('accepts the lines the return authorised, resellable and damaged alike', () => {
      const lines = [
        { sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' as const },
        { sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' as const },
      ];
      spec.given([expected]).when(parcel('P-1', lines)).then([accepted('P-1', lines)]);
    });

    it('restocks at most the authorised quantity and refuses the rest, naming why', () => {
      spec
        .given([expected])
        .when(parcel('P-1', [{ sku: 'MUG-RED', quantity: 3, condition: 'RESELLABLE' }, { sku: 'VASE', quantity: 1, condition: 'RESELLABLE' }]))
        .then([
          accepted('P-1'),
          {
            type: 'ReturnParcelRefused',
            data: {
              rmaNumber,
              orderId,
              parcelId: 'P-1',
              warehouseId: 'WH-BER',
              lines: [
                { sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE', reason: `beyond the 2 of MUG-RED that ${rmaNumber} authorised` },
                { sku: 'VASE', quantity: 1, condition: 'RESELLABLE', reason: `VASE is not part of ${rmaNumber}` },
              ],
              refusedAt: at,
            },
          },
        ]);
    });

    it('receives each line of the return once: the same parcel reported again restocks nothing', () => {
      spec
        .given([expected, accepted('P-1')])
        .when(parcel('P-2', twoMugs))
        .then([
          {
            type: 'ReturnParcelRefused',
            data: {
              rmaNumber,
              orderId,
              parcelId: 'P-2',
              warehouseId: 'WH-BER',
              lines: [{ sku: 'MUG-RED', quantity: 2, condition: 'RESELLABLE', reason: `MUG-RED of ${rmaNumber} was received before` }],
              refusedAt: at,
            },
          },
        ]);
    });

    it('receives a line the first parcel did not hold from a second parcel', () => {
      const both = { ...expected, data: { ...expected.data, lines: [{ sku: 'MUG-RED', quantity: 2 }, { sku: 'TEA', quantity: 1 }] } } as RestockEvent;
      const tea = [{ sku: 'TEA', quantity: 1, condition: 'RESELLABLE' as const }];
      spec.given([both, accepted('P-1')]).when(parcel('P-2', tea)).then([accepted('P-2', tea)]);
    });

    it('decides a parcel once, whatever is redelivered', () => {
      spec.given([expected, accepted('P-1')]).when(parcel('P-1', twoMugs)).thenNothing();
      spec.given([held('P-1')]).when(parcel('P-1', twoMugs)).thenNothing();
    });
  });

  describe('an SKU is data, whatever it is called', () => {
    it.each(['constructor', '__proto__', 'toString'])('a line of SKU "%s", which the return does not hold, is refused, not lost', (badSku) => {
      spec
        .given([expected])
        .when(parcel('P-1', [{ sku: badSku, quantity: 1, condition: 'RESELLABLE' }]))
        .then([
          {
            type: 'ReturnParcelRefused',
            data: {
              rmaNumber,
              orderId,
              parcelId: 'P-1',
              warehouseId: 'WH-BER',
              lines: [{ sku: badSku, quantity: 1, condition: 'RESELLABLE', reason: `${badSku} is not part of ${rmaNumber}` }],
              refusedAt: at,
            },
          },
        ]);
    });
  });

  describe('a parcel that arrives before its authorisation', () => {
    it('is held, not restocked', () => {
      spec.given([]).when(parcel('P-1', twoMugs)).then([held('P-1')]);
      expect(spec.stateAfter([held('P-1')]).held).toEqual([{ parcelId: 'P-1', warehouseId: 'WH-BER', lines: twoMugs }]);
    });

    it('is decided when the authorisation arrives: within it accepted, a repeat of it refused, in the order they came', () => {
      spec
        .given([held('P-1'), held('P-2')])
        .when(expect2Mugs)
        .then([
          expected,
          accepted('P-1'),
          {
            type: 'ReturnParcelRefused',
            data: {
              rmaNumber,
              orderId,
              parcelId: 'P-2',
              warehouseId: 'WH-BER',
              lines: [{ sku: 'MUG-RED', quantity: 2, condition: 'RESELLABLE', reason: `MUG-RED of ${rmaNumber} was received before` }],
              refusedAt: at,
            },
          },
        ]);
      expect(spec.stateAfter([held('P-1'), held('P-2'), expected, accepted('P-1')]).held).toEqual([
        { parcelId: 'P-2', warehouseId: 'WH-BER', lines: twoMugs },
      ]);
    });

    it('is refused for good when after-sales rejected the return, and so is any later parcel', () => {
      const rejected: RestockEvent = {
        type: 'ReturnNotAuthorized',
        data: { rmaNumber, orderId, reason: 'SKU MUG-RED has not been delivered', recordedAt: at },
      };
      const refusal = (parcelId: string): RestockEvent => ({
        type: 'ReturnParcelRefused',
        data: {
          rmaNumber,
          orderId,
          parcelId,
          warehouseId: 'WH-BER',
          lines: [{ sku: 'MUG-RED', quantity: 2, condition: 'RESELLABLE', reason: `${rmaNumber} was not authorised: SKU MUG-RED has not been delivered` }],
          refusedAt: at,
        },
      });
      spec
        .given([held('P-1')])
        .when({ type: 'RecordReturnRejected', rmaNumber, orderId, reason: 'SKU MUG-RED has not been delivered', now })
        .then([rejected, refusal('P-1')]);
      spec.given([rejected]).when(parcel('P-2', twoMugs)).then([refusal('P-2')]);
    });
  });

  describe('the authorisation', () => {
    it('is recorded once, with the quantities per SKU', () => {
      spec
        .given([])
        .when({ ...expect2Mugs, lines: [{ sku: 'MUG-RED', quantity: 1 }, { sku: 'MUG-RED', quantity: 1 }] } as RestockCommand)
        .then([expected]);
      spec.given([expected]).when(expect2Mugs).thenNothing();
    });

    it('changes nothing once the return has been rejected, and a rejection changes nothing once it was authorised', () => {
      const rejected: RestockEvent = { type: 'ReturnNotAuthorized', data: { rmaNumber, orderId, reason: 'r', recordedAt: at } };
      spec.given([rejected]).when(expect2Mugs).thenNothing();
      spec.given([expected]).when({ type: 'RecordReturnRejected', rmaNumber, orderId, reason: 'r', now }).thenNothing();
    });
  });
});
