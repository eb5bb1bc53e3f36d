export { type Client, createPool, type Pool, type PoolOptions, type Queryable, withTransaction } from "./db.ts";
export { migratePostgres } from "./migrate.ts";
export { PostgresStore } from "./store.ts";
