import { DataSource, QueryRunner } from 'typeorm';

/** A unit of work: every statement of one message's handling runs in it, then it commits once. */
export type Tx = QueryRunner;

export async function withTransaction<T>(dataSource: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = dataSource.createQueryRunner();
  await tx.connect();
  try {
    await tx.startTransaction();
    const result = await work(tx);
    await tx.commitTransaction();
    return result;
  } catch (err) {
    if (tx.isTransactionActive) await tx.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await tx.release();
  }
}
