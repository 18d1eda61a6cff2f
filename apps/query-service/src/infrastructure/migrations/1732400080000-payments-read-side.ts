import { MigrationInterface, QueryRunner } from 'typeorm';
import { liveSubscriber, ORDER_TABLES, paymentsProjection, QUERY_SCHEMA } from '@orderflow/projections';

/**
 * Payments on the read side (docs/adr/0033). The payments projection's ledger is created where the
 * first migration did not (it creates every registered projection's tables on a new installation),
 * owned by the query schema's owner like every projection table (ADR 23), so a rebuild can swap it.
 * The order documents gained payments, a payment mode and refund statuses, which documents
 * folded before cannot have: the orders projection is emptied and replays from position 0.
 */
export class PaymentsReadSide1732400080000 implements MigrationInterface {
  name = 'PaymentsReadSide1732400080000';

  async up(q: QueryRunner): Promise<void> {
    const [{ exists }] = (await q.query(`SELECT to_regclass('${QUERY_SCHEMA}.payment_ledger') IS NOT NULL AS exists`)) as { exists: boolean }[];
    if (!exists) await asSchemaOwner(q, () => paymentsProjection.createTables(q));
    await replayOrders(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${QUERY_SCHEMA}.payment_ledger`);
    await q.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [liveSubscriber('payments')]);
    await replayOrders(q);
  }
}

async function asSchemaOwner(q: QueryRunner, create: () => Promise<void>): Promise<void> {
  await q.query(`SELECT set_config('role', (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '${QUERY_SCHEMA}'), true)`);
  try {
    await create();
  } finally {
    await q.query(`RESET ROLE`);
  }
}

/** Empties the orders projection's tables and checkpoint: its live projector folds every order again. */
async function replayOrders(q: QueryRunner): Promise<void> {
  await q.query(`TRUNCATE ${ORDER_TABLES.map((t) => `${QUERY_SCHEMA}.${t}`).join(', ')}`);
  await q.query(`DELETE FROM checkpoints WHERE subscriber = $1`, [liveSubscriber('orders')]);
}
