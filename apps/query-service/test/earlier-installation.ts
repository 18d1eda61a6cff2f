import { Client } from 'pg';
import { adminClient, createTestDatabase, TestDatabase } from '@orderflow/testing';
import { CreateQuerySchema1732400050000 } from '../src/infrastructure/migrations/1732400050000-create-query-schema';
import { WidenProjectionQuantities1732400070000 } from '../src/infrastructure/migrations/1732400070000-widen-projection-quantities';
import { QueryServiceRole1732400070100 } from '../src/infrastructure/migrations/1732400070100-query-service-role';
import { PaymentsReadSide1732400080000 } from '../src/infrastructure/migrations/1732400080000-payments-read-side';

/**
 * A database migrated as an installation was before the read sides added after the payments one
 * (daily demand, made-to-order, reports), with a superuser client to take a table away as that
 * installation lacked it. Made before the spec's tests and dropped after them.
 */
export function earlierInstallation(): { readonly db: TestDatabase; readonly su: Client } {
  const installation = {} as { db: TestDatabase; su: Client };
  beforeAll(async () => {
    installation.db = await createTestDatabase([CreateQuerySchema1732400050000, WidenProjectionQuantities1732400070000, QueryServiceRole1732400070100, PaymentsReadSide1732400080000]);
    installation.su = await adminClient(installation.db);
  });
  afterAll(async () => {
    await installation.su?.end();
    await installation.db?.drop();
  });
  return installation;
}
