import { DomainError } from '@orderflow/decider';
import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { afterSalesMigrations } from '../infrastructure/migrations';
import { afterSales, confirmedOrder, parcelReceived, returnRequested, shipmentDelivered, shipTo, streamOf } from '../../test/fixtures';

const now = new Date('2026-03-20T10:00:00.000Z');

describe('receive a return parcel (real PostgreSQL)', () => {
  let db: TestDatabase;
  const service = afterSales();

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  async function authorisedReturn(
    externalOrderId: string,
    lines: { sku: string; quantity: number }[],
    resolution: 'REFUND' | 'EXCHANGE',
  ): Promise<string> {
    await inUnitOfWork(db, (uow) => service.recordOrder.handle(confirmedOrder(externalOrderId), uow));
    await inUnitOfWork(db, (uow) =>
      service.recordDelivery.handle(shipmentDelivered(externalOrderId, [{ sku: 'MUG-RED', quantity: 2 }, { sku: 'TEA-GREEN', quantity: 3 }]), uow),
    );
    const [authorized] = await inUnitOfWork(db, (uow) => service.requestReturn.handle(returnRequested(externalOrderId, lines, resolution), uow), {
      now,
    });
    expect(authorized.type).toBe('ReturnAuthorized');
    return (authorized.data as { rmaNumber: string }).rmaNumber;
  }

  const receive = (message: ReturnType<typeof parcelReceived>) =>
    inUnitOfWork(db, (uow) => service.receiveParcel.handle(message, uow), { now: new Date('2026-03-27T11:00:00.000Z') });

  it('refunds the value of the received lines, a damaged item too, and no more than was authorised', async () => {
    const rmaNumber = await authorisedReturn('W-3001', [{ sku: 'MUG-RED', quantity: 2 }, { sku: 'TEA-GREEN', quantity: 1 }], 'REFUND');

    await receive(
      parcelReceived(rmaNumber, [
        { sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' },
        { sku: 'MUG-RED', quantity: 2, condition: 'DAMAGED' },
        { sku: 'TEA-GREEN', quantity: 1, condition: 'RESELLABLE' },
        { sku: 'LAMP', quantity: 1, condition: 'RESELLABLE' },
      ]),
    );

    const [, received, refund] = await streamOf(db, `return-${rmaNumber}`);
    expect(received).toMatchObject({
      type: 'ReturnReceived',
      data: {
        warehouseId: 'WH-BER',
        lines: [
          { sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' },
          { sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' },
          { sku: 'TEA-GREEN', quantity: 1, condition: 'RESELLABLE' },
        ],
      },
    });
    expect(refund).toEqual({
      type: 'RefundIssued',
      data: expect.objectContaining({
        rmaNumber,
        externalOrderId: 'W-3001',
        amountMinor: 2 * 1250 + 899,
        currency: 'EUR',
        reason: 'RETURN',
        issuedAt: '2026-03-27T11:00:00.000Z',
      }),
    });
  });

  it('requests a replacement to the order address for an exchange', async () => {
    const rmaNumber = await authorisedReturn('W-3002', [{ sku: 'MUG-RED', quantity: 2 }], 'EXCHANGE');

    await receive(parcelReceived(rmaNumber, [{ sku: 'MUG-RED', quantity: 1, condition: 'DAMAGED' }]));

    const [, , replacement] = await streamOf(db, `return-${rmaNumber}`);
    expect(replacement).toEqual({
      type: 'ExchangeReplacementRequested',
      data: expect.objectContaining({
        rmaNumber,
        lines: [{ sku: 'MUG-RED', quantity: 1 }],
        shipTo,
        promisedBy: '2026-04-01',
        requestedAt: '2026-03-27T11:00:00.000Z',
      }),
    });
  });

  it('refuses a parcel for an unknown RMA, and a second parcel for the same RMA, storing nothing', async () => {
    await expect(receive(parcelReceived('RMA-999999', [{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' }]))).rejects.toThrow(
      new DomainError('unknown-rma', 'return parcel names RMA-999999, which is no known RMA'),
    );
    expect(await streamOf(db, 'return-RMA-999999')).toEqual([]);

    const rmaNumber = await authorisedReturn('W-3003', [{ sku: 'MUG-RED', quantity: 1 }], 'REFUND');
    await receive(parcelReceived(rmaNumber, [{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' }]));
    await expect(receive(parcelReceived(rmaNumber, [{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' }]))).rejects.toMatchObject({
      code: 'return-not-awaiting-parcel',
    });
    expect((await streamOf(db, `return-${rmaNumber}`)).map((e) => e.type)).toEqual(['ReturnAuthorized', 'ReturnReceived', 'RefundIssued']);
  });
});
