import pg from "pg";

export type Pool = pg.Pool;
export type Client = pg.PoolClient;
/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

const INT8_OID = 20;

/**
 * Type parsers for this pool only (never the process-wide `pg.types`): int8 (bigint times,
 * count(*)) as JS numbers. Epoch milliseconds stay far below 2^53, so nothing is lost.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8_OID && format !== "binary") return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

export interface PoolOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** Called with errors of idle connections (a server restart, a killed backend). */
  onError?: (error: Error) => void;
}

export function createPool(connectionString: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({ connectionString, types, max: options.max ?? 10 });
  // An idle client's error is emitted on the pool; without a listener it would crash the
  // process. The next query on a broken connection fails on its own, so nothing is hidden.
  pool.on("error", options.onError ?? (() => {}));
  return pool;
}

/** BEGIN … COMMIT on one client; ROLLBACK and rethrow on any error. */
export async function withTransaction<T>(pool: Pool, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
