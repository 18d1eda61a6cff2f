// The public list of this service's migrations: tools/db loads it (by path, at run time) to set the database up.
export { inventoryMigrations as migrations } from './infrastructure/migrations';
