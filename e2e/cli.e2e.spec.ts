import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orderIdFor, StreamIds } from '@orderflow/contracts';
import { ApiKeys } from '@orderflow/security';
import { waitFor } from '@orderflow/testing';
import { orderflow } from './support/cli';
import { orderSubmitted, stockReceived, warehouseRegistered } from './support/messages';
import { TestSystem } from './support/system';

/** The operator's command line against the order and inventory services running as processes. */
describe('npx orderflow (produce and dead letters)', () => {
  let system: TestSystem;
  const dir = mkdtempSync(join(tmpdir(), 'orderflow-cli-'));
  const file = (name: string, lines: unknown[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    return path;
  };

  beforeAll(async () => {
    system = await TestSystem.start(['order-service', 'inventory-service']);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('re-drives a dead letter once its cause is fixed', async () => {
    // Stock for a warehouse nobody registered yet: refused, dead-lettered with the reason.
    const early = stockReceived('WH-CLI', 'KETTLE', 7);
    const sent = await orderflow(system, ['produce', file('early.ndjson', [early]), '--topic', 'warehouse.operations']);
    expect(sent).toMatchObject({ code: 0 });
    const listed = await waitFor('the dead letter listed', async () => {
      const r = await orderflow(system, ['dlq', 'list', 'warehouse.operations', '--json']);
      return r.stdout.trim() ? r : undefined;
    });
    const [letter] = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; reason: string; value: string });
    expect(letter.reason).toMatch(/warehouse WH-CLI has not been registered/);
    expect(JSON.parse(letter.value).messageId).toBe(early.messageId);

    await orderflow(system, ['produce', file('register.ndjson', [warehouseRegistered('WH-CLI', 'DE', 'BE')]), '--topic', 'warehouse.operations']);
    await system.waitForEvent(StreamIds.warehouse('WH-CLI'), 'WarehouseRegistered');
    const replayed = await orderflow(system, ['dlq', 'replay', 'warehouse.operations', '--id', letter.id]);
    expect(replayed).toMatchObject({ code: 0, stderr: expect.stringMatching(/replayed 1 dead letter/) });
    const received = await system.waitForEvent(StreamIds.stock('KETTLE'), 'StockReceived');
    expect(received.data).toMatchObject({ warehouseId: 'WH-CLI', quantity: 7 });
  });

  it('sends the good lines of a file, keyed, and reports each bad one by line number', async () => {
    await waitFor('KETTLE known to the order service', async () =>
      ((await system.db.dataSource.query(`SELECT 1 FROM order_known_skus WHERE sku = 'KETTLE'`)) as unknown[]).length === 1,
    );
    const good = ['CLI-1', 'CLI-2', 'CLI-3'].map((id) => orderSubmitted(id, [{ sku: 'KETTLE', quantity: 1, unitPriceMinor: 3999 }]));
    const path = file('orders.ndjson', [
      good[0],
      '{"type":"OrderSubmitted"',
      good[1],
      '',
      { ...good[2], messageId: 'not-a-uuid' },
      good[2],
    ]);

    const dry = await orderflow(system, ['produce', path, '--topic', 'channel.orders', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/3 valid, 2 rejected/);

    const result = await orderflow(system, ['produce', path, '--topic', 'channel.orders']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^line 2: not valid JSON/m);
    expect(result.stderr).toMatch(/^line 5: field "messageId": expected a UUID/m);
    expect(result.stderr).toMatch(/3 sent to .*channel\.orders, 2 rejected, of 5 messages/);
    for (const id of ['CLI-1', 'CLI-2', 'CLI-3']) {
      await system.waitForEvent(StreamIds.order(orderIdFor('webshop', id)), 'OrderConfirmed');
    }
    // Placed and confirmed once, though its line was sent twice (allocation may follow meanwhile).
    const types = (await system.streamEvents(StreamIds.order(orderIdFor('webshop', 'CLI-3')))).map((e) => e.type);
    expect(types.filter((t) => t === 'OrderPlaced' || t === 'OrderConfirmed')).toEqual(['OrderPlaced', 'OrderConfirmed']);
  });

  it('exits non-zero with a one-line reason on bad usage', async () => {
    const result = await orderflow(system, ['produce', join(dir, 'missing.ndjson'), '--topic', 'channel.orders']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^orderflow: no such file: .*missing\.ndjson$/);
    const wrongTopic = await orderflow(system, ['produce', join(dir, 'orders.ndjson'), '--topic', 'order.events']);
    expect(wrongTopic.code).toBe(2);
  });

  it('issues, lists and revokes API keys, printing each key once, alone on the last line', async () => {
    const created = await orderflow(system, ['keys', 'create', '--role', 'channel', '--channel', 'webshop', '--name', 'Webshop checkout'], {
      ORDERFLOW_ACTOR: 'cli:alice',
    });
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    const token = lines[lines.length - 1];
    expect(token).toMatch(/^ofk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const keyId = token.split('_')[1];
    expect(lines[0]).toBe(`created key ${keyId}: role channel, channel webshop, name "Webshop checkout"`);
    expect(await new ApiKeys(system.db.dataSource).authenticate(token)).toMatchObject({ keyId, role: 'channel', scope: { channel: 'webshop' } });

    const listed = JSON.parse((await orderflow(system, ['keys', 'list', '--json'])).stdout) as { keyId: string; createdBy: string; revokedAt: string | null }[];
    expect(listed.find((k) => k.keyId === keyId)).toMatchObject({ createdBy: 'cli:alice', revokedAt: null });
    // The secret is nowhere in a listing.
    expect(JSON.stringify(listed)).not.toContain(token.split('_')[2]);

    expect(await orderflow(system, ['keys', 'revoke', keyId])).toMatchObject({ code: 0, stdout: expect.stringContaining(`revoked key ${keyId}`) });
    expect(await new ApiKeys(system.db.dataSource).authenticate(token)).toBeUndefined();
    const again = await orderflow(system, ['keys', 'revoke', keyId]);
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/already revoked/)]);

    for (const [args, reason] of [
      [['--role', 'channel'], /a channel key needs --channel/],
      [['--role', 'root'], /--role: expected one of channel, warehouse, carrier, operator, auditor, admin, got "root"/],
      [['--role', 'operator', '--channel', 'webshop'], /--channel applies to channel keys only/],
      [['--role', 'channel', '--channel', '*'], /a channel key is for one channel/],
    ] as const) {
      const refused = await orderflow(system, ['keys', 'create', ...args]);
      expect([refused.code, refused.stderr, refused.stdout]).toEqual([2, expect.stringMatching(reason), '']);
    }
  });
});
