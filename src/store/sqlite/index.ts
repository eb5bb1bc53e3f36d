export { type Db, openSqlite, prepared, SQLITE_FILE, transaction } from "./db.ts";
export { migrateSqlite } from "./migrate.ts";
export { SqliteStore } from "./store.ts";
