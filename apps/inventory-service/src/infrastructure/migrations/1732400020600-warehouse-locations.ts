import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each warehouse is, when its registration said (docs/adr/0037): allocation ranks the
 * warehouses that can fill an order by their distance to the address. Empty means unknown; the
 * warehouse's region centroid stands in.
 */
export class WarehouseLocations1732400020600 implements MigrationInterface {
  name = 'WarehouseLocations1732400020600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inventory_warehouses
        ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90),
        ADD COLUMN lon double precision CHECK (lon BETWEEN -180 AND 180),
        ADD CONSTRAINT inventory_warehouses_location_whole CHECK ((lat IS NULL) = (lon IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE inventory_warehouses DROP CONSTRAINT inventory_warehouses_location_whole, DROP COLUMN lat, DROP COLUMN lon`);
  }
}
