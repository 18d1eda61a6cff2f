import { createTestDatabase, inUnitOfWork, TestDatabase } from '@orderflow/testing';
import { afterSalesMigrations } from '../infrastructure/migrations';
import {
  afterSales,
  confirmedOrder,
  parcelReceived,
  returnRequested,
  shipmentDelivered,
  shipmentPickedUp,
  streamOf,
} from '../../test/fixtures';

describe('exchange shipped (real PostgreSQL)', () => {
  let db: TestDatabase;
  const service = afterSales();

  beforeAll(async () => {
    db = await createTestDatabase(afterSalesMigrations);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('records the exchange as shipped when its replacement is picked up, once', async () => {
    const now = new Date('2026-03-20T10:00:00.000Z');
    await inUnitOfWork(db, (uow) => service.recordOrder.handle(confirmedOrder('W-4001'), uow));
    await inUnitOfWork(db, (uow) => service.recordDelivery.handle(shipmentDelivered('W-4001', [{ sku: 'MUG-RED', quantity: 2 }]), uow));
    const [authorized] = await inUnitOfWork(
      db,
      (uow) => service.requestReturn.handle(returnRequested('W-4001', [{ sku: 'MUG-RED', quantity: 1 }], 'EXCHANGE'), uow),
      { now },
    );
    const rmaNumber = (authorized.data as { rmaNumber: string }).rmaNumber;
    await inUnitOfWork(db, (uow) => service.receiveParcel.handle(parcelReceived(rmaNumber, [{ sku: 'MUG-RED', quantity: 1, condition: 'RESELLABLE' }]), uow));

    // The order's own shipments are none of the return's business.
    await inUnitOfWork(db, (uow) => service.exchangeShipped.handle(shipmentPickedUp('W-4001', 'OF-W-4001-1', 'ORDER'), uow));
    await inUnitOfWork(db, (uow) => service.exchangeShipped.handle(shipmentPickedUp('W-4001', `${rmaNumber}-1`, 'EXCHANGE', rmaNumber), uow));
    await inUnitOfWork(db, (uow) => service.exchangeShipped.handle(shipmentPickedUp('W-4001', `${rmaNumber}-2`, 'EXCHANGE', rmaNumber), uow));

    const events = await streamOf(db, `return-${rmaNumber}`);
    expect(events.map((e) => e.type)).toEqual(['ReturnAuthorized', 'ReturnReceived', 'ExchangeReplacementRequested', 'ExchangeShipped']);
    expect(events[3].data).toEqual({
      rmaNumber,
      orderId: authorized.data.orderId,
      channel: 'webshop',
      externalOrderId: 'W-4001',
      shipmentId: `${rmaNumber}-1`,
      carrier: 'ParcelNet',
      trackingNumber: `PN-${rmaNumber}-1`,
      shippedAt: '2026-03-25T07:30:00.000Z',
    });
  });

  it('refuses a replacement pick-up naming an unknown RMA', async () => {
    await expect(
      inUnitOfWork(db, (uow) => service.exchangeShipped.handle(shipmentPickedUp('W-4002', 'RMA-888888-1', 'EXCHANGE', 'RMA-888888'), uow)),
    ).rejects.toMatchObject({ name: 'DomainError', code: 'unknown-rma' });
  });
});
