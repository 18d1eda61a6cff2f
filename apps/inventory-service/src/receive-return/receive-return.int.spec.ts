import { randomUUID } from 'node:crypto';
import { StreamIds } from '@orderflow/contracts';
import { InventoryKit, levelsFromEvents } from '../../test/inventory-kit';

describe('receive-return (real PostgreSQL)', () => {
  let kit: InventoryKit;
  let rmas = 0;
  const nextRma = () => `RMA-${String(++rmas).padStart(6, '0')}-${randomUUID().slice(0, 4)}`;

  beforeAll(async () => {
    kit = await InventoryKit.start();
    await kit.registerWarehouse('WH-BER', 'DE', 'BE');
  });
  afterAll(async () => {
    await kit?.stop();
  });

  const resellable = (sku: string, quantity: number) => ({ sku, quantity, condition: 'RESELLABLE' as const });

  it('restocks the resellable items of an authorised return only, and the restocked items fill a waiting backorder', async () => {
    const mug = `MUG-${randomUUID().slice(0, 6)}`;
    const tea = `TEA-${randomUUID().slice(0, 6)}`;
    const rmaNumber = nextRma();
    const returned = kit.orderConfirmed([{ sku: mug, quantity: 2 }, { sku: tea, quantity: 1 }]);
    const waiting = await kit.placeOrder([{ sku: mug, quantity: 1 }]);
    await kit.returnAuthorized(returned, rmaNumber, [{ sku: mug, quantity: 2 }, { sku: tea, quantity: 1 }]);

    await kit.returnParcel('WH-BER', rmaNumber, [resellable(mug, 2), { sku: tea, quantity: 1, condition: 'DAMAGED' }]);

    expect((await kit.stockEvents(mug)).map((e) => e.type)).toEqual(['BackorderQueued', 'StockRestocked', 'BackorderFilled', 'StockReserved']);
    expect(await kit.stockEvents(tea)).toEqual([
      { type: 'DamagedReturnRecorded', data: { sku: tea, warehouseId: 'WH-BER', quantity: 1, rmaNumber } },
    ]);
    expect((await kit.stock(mug)).warehouses['WH-BER']).toEqual({ onHand: 2, reserved: 1 });
    expect((await kit.stock(tea)).warehouses).toEqual({});
    expect((await kit.reservation(waiting.orderId)).backordered).toEqual([]);
  });

  it('restocks a parcel the warehouse reports twice (with a new message id) once, and nothing beyond the authorisation', async () => {
    const sku = `JUG-${randomUUID().slice(0, 6)}`;
    const rmaNumber = nextRma();
    const order = kit.orderConfirmed([{ sku, quantity: 3 }]);
    await kit.returnAuthorized(order, rmaNumber, [{ sku, quantity: 2 }]);

    await kit.returnParcel('WH-BER', rmaNumber, [resellable(sku, 3)]);
    await kit.returnParcel('WH-BER', rmaNumber, [resellable(sku, 3)]);

    const stock = await kit.stockEvents(sku);
    expect(stock).toEqual([{ type: 'StockRestocked', data: { sku, warehouseId: 'WH-BER', quantity: 2, rmaNumber } }]);
    expect(levelsFromEvents(stock)['WH-BER']).toMatchObject({ restocked: 2 });
    const restock = await kit.events(StreamIds.restock(rmaNumber));
    expect(restock.map((e) => e.type)).toEqual(['ReturnExpected', 'ReturnParcelAccepted', 'ReturnParcelRefused', 'ReturnParcelRefused']);
    expect(restock.slice(2).map((e) => (e.data as { lines: { quantity: number; reason: string }[] }).lines)).toEqual([
      [expect.objectContaining({ quantity: 1, reason: `beyond the 2 of ${sku} that ${rmaNumber} authorised` })],
      [expect.objectContaining({ quantity: 3, reason: `${sku} of ${rmaNumber} was received before` })],
    ]);
  });

  it('changes nothing when the very same parcel message is handled again', async () => {
    const sku = `JUG-${randomUUID().slice(0, 6)}`;
    const rmaNumber = nextRma();
    await kit.returnAuthorized(kit.orderConfirmed([{ sku, quantity: 1 }]), rmaNumber, [{ sku, quantity: 1 }]);
    const messageId = randomUUID();
    await kit.returnParcel('WH-BER', rmaNumber, [resellable(sku, 1)], messageId);
    expect(await kit.returnParcel('WH-BER', rmaNumber, [resellable(sku, 1)], messageId)).toEqual([]);
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 0 });
  });

  it('holds a parcel that arrives before its authorisation, then restocks it once and fills the backorder waiting for it', async () => {
    const sku = `LAMP-${randomUUID().slice(0, 6)}`;
    const rmaNumber = nextRma();
    const returned = kit.orderConfirmed([{ sku, quantity: 1 }]);
    const waiting = await kit.placeOrder([{ sku, quantity: 1 }]);

    expect((await kit.returnParcel('WH-BER', rmaNumber, [resellable(sku, 1)])).map((e) => e.type)).toEqual(['ReturnParcelHeld']);
    await kit.returnParcel('WH-BER', rmaNumber, [resellable(sku, 1)]); // reported twice before the authorisation
    expect((await kit.stock(sku)).warehouses).toEqual({});

    const decided = await kit.returnAuthorized(returned, rmaNumber, [{ sku, quantity: 1 }]);
    // Appended stream by stream in stream-id order: reservation-, restock-, stock-.
    expect(decided.map((e) => e.type)).toEqual([
      'BackorderAllocated',
      'ReturnExpected',
      'ReturnParcelAccepted',
      'ReturnParcelRefused',
      'StockRestocked',
      'BackorderFilled',
      'StockReserved',
    ]);
    expect((await kit.stock(sku)).warehouses['WH-BER']).toEqual({ onHand: 1, reserved: 1 });
    expect((await kit.reservation(waiting.orderId)).backordered).toEqual([]);
    expect((await kit.restock(rmaNumber)).held).toEqual([]);
    expect(await kit.returnAuthorized(returned, rmaNumber, [{ sku, quantity: 1 }])).toEqual([]); // the authorisation redelivered
  });

  it('never restocks for an RMA nobody authorised: held, and refused for good once after-sales rejects it', async () => {
    const sku = `VASE-${randomUUID().slice(0, 6)}`;
    const invented = nextRma();
    await kit.returnParcel('WH-BER', invented, [resellable(sku, 5)]);
    expect(await kit.stockEvents(sku)).toEqual([]);
    expect((await kit.restock(invented)).held).toHaveLength(1);

    const rejectedRma = nextRma();
    const order = kit.orderConfirmed([{ sku, quantity: 1 }]);
    await kit.returnParcel('WH-BER', rejectedRma, [resellable(sku, 1)]);
    await kit.returnRejected(order, rejectedRma, [{ sku, quantity: 1 }], 'the return window of 30 days ended');
    await kit.returnParcel('WH-BER', rejectedRma, [resellable(sku, 1)]);

    expect(await kit.stockEvents(sku)).toEqual([]);
    const restock = await kit.events(StreamIds.restock(rejectedRma));
    expect(restock.map((e) => e.type)).toEqual(['ReturnParcelHeld', 'ReturnNotAuthorized', 'ReturnParcelRefused', 'ReturnParcelRefused']);
    expect(restock[2].data).toMatchObject({
      orderId: order.orderId,
      lines: [{ sku, quantity: 1, reason: `${rejectedRma} was not authorised: the return window of 30 days ended` }],
    });
  });

  it('refuses a parcel received at a warehouse that was never registered', async () => {
    await expect(kit.returnParcel('WH-NOWHERE', nextRma(), [resellable('MUG', 1)])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'unknown-warehouse',
    });
  });
});
