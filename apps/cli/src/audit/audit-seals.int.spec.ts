import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, NewEvent, withTransaction } from '@orderflow/event-store';
import { adminClient, createTestDatabase, spawnTs, TestDatabase, waitFor } from '@orderflow/testing';

const KEY = randomBytes(32).toString('base64url');
const noted = (): NewEvent => ({ eventId: randomUUID(), type: 'Noted', data: {} });

describe('orderflow audit seal / audit verify (real PostgreSQL, the CLI as a process)', () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'orderflow-cli-seals-'));
    const store = new EventStore(db.dataSource);
    await withTransaction(db.dataSource, (tx) =>
      store.appendIn(tx, ['ledger-1', 'ledger-2', 'ledger-3'].map((streamId) => ({ streamId, events: [noted(), noted(), noted()], expectedVersion: 'no_stream' as const }))),
    );
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  const orderflow = async (args: string[], env: Record<string, string> = {}) => {
    const cli = spawnTs('apps/cli/src/main.ts', { DATABASE_URL: db.appUrl, AUDIT_HMAC_KEY: '', AUDIT_HMAC_KEY_FILE: '', ...env }, args);
    const { code } = await cli.exited();
    return { code, output: cli.output() };
  };

  it('refuses to seal without the key, and seals every stream head with it, read from a file', async () => {
    expect(await orderflow(['audit', 'seal'])).toEqual({
      code: 2,
      output: "orderflow: audit seal needs the seals' key: set AUDIT_HMAC_KEY, or AUDIT_HMAC_KEY_FILE to a file holding it\n",
    });
    const keyFile = join(dir, 'audit-hmac-key');
    writeFileSync(keyFile, `${KEY}\n`, { mode: 0o600 });
    // A seal reaches only as far as no transaction is still open on the (shared) server.
    await waitFor('a seal of all three streams', async () => {
      const sealed = await orderflow(['audit', 'seal'], { AUDIT_HMAC_KEY_FILE: keyFile });
      expect(sealed.code).toBe(0);
      const [{ n }] = (await db.dataSource.query(`SELECT count(*)::int AS n FROM audit_seal_heads`)) as { n: number }[];
      return n === 3 ? sealed.output : false;
    });
    const intact = await orderflow(['audit', 'verify'], { AUDIT_HMAC_KEY: KEY });
    expect(intact).toEqual({ code: 0, output: expect.stringMatching(/^chain intact: 9 events in 3 streams verified; 1 seals and 3 sealed heads verified, the newest \(seal 1\)/) });
    expect((await orderflow(['audit', 'seal'], { AUDIT_HMAC_KEY: KEY })).output).toMatch(/^nothing to seal: no stream changed since the last seal/);
  });

  it('names every stream tampered with and exits 3; without the key, says the seals were not checked; with another key, that the seals do not verify', async () => {
    const su = await adminClient(db);
    try {
      await su.query(`SET session_replication_role = replica`);
      await su.query(`DELETE FROM events WHERE stream_id = 'ledger-2' AND stream_version = 3`);
      await su.query(`DELETE FROM events WHERE stream_id = 'ledger-3'`);
    } finally {
      await su.end();
    }
    const found = await orderflow(['audit', 'verify'], { AUDIT_HMAC_KEY: KEY });
    expect(found.code).toBe(3);
    const lines = found.output.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^removed-tail +ledger-2: the stream's head is at version 2, below version 3 that seal 1 recorded$/),
      expect.stringMatching(/^removed-stream +ledger-3: the stream has no events, but seal 1 recorded its head at version 3$/),
      expect.stringMatching(/^orderflow: removed-tail +ledger-2: .*; 2 findings in all$/),
    ]);

    const keyless = await orderflow(['audit', 'verify']);
    expect(keyless).toEqual({ code: 0, output: expect.stringMatching(/^chain intact: 5 events in 2 streams verified; seals not checked: no key/) });

    const wrong = await orderflow(['audit', 'verify'], { AUDIT_HMAC_KEY: randomBytes(32).toString('base64url') });
    expect(wrong.code).toBe(3);
    expect(wrong.output).toMatch(/^seal-forged +seal 1: seal 1: it was signed with another key/m);
  });

  it('refuses a key too short to be one, naming the variable and not the key', async () => {
    expect(await orderflow(['audit', 'verify'], { AUDIT_HMAC_KEY: 'hunter2' })).toEqual({
      code: 2,
      output: 'orderflow: invalid configuration: AUDIT_HMAC_KEY: expected a key of at least 32 characters (32 random bytes in base64url are 43), got 7\n',
    });
  });
});
