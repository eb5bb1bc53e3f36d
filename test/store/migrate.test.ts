import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations } from "../../src/store/migrate.ts";
import { createPool } from "../../src/store/postgres/db.ts";
import { migratePostgres } from "../../src/store/postgres/migrate.ts";
import { openSqlite } from "../../src/store/sqlite/db.ts";
import { migrateSqlite } from "../../src/store/sqlite/migrate.ts";
import { freshSchema, pgUrl } from "../support/pg.ts";

const root = mkdtempSync(join(tmpdir(), "welink-migrate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(files: Record<string, string>): URL {
  const dir = mkdtempSync(join(root, "m-"));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return pathToFileURL(`${dir}/`);
}

describe("migration files", () => {
  it("are every NNN_name.sql of the folder, in number order, other files ignored", () => {
    const dir = folder({
      "010_ten.sql": "select 10;",
      "002_two.sql": "select 2;",
      "001_one.sql": "select 1;",
      "README.md": "not a migration",
      "003_three.sql.bak": "no",
    });
    expect(loadMigrations(dir).map((m) => [m.version, m.name])).toEqual([
      [1, "001_one"],
      [2, "002_two"],
      [10, "010_ten"],
    ]);
  });

  it("refuse two files with the same number", () => {
    expect(() => loadMigrations(folder({ "002_a.sql": "", "002_b.sql": "" }))).toThrow(/share number 2/);
  });

  it("ship 001 for both dialects", () => {
    for (const dialect of ["sqlite", "postgres"]) {
      const files = readdirSync(new URL(`../../src/store/${dialect}/migrations/`, import.meta.url));
      expect(files).toContain("001_init.sql");
    }
  });
});

describe("sqlite runner", () => {
  it("applies new files as they appear, records them, and rolls back a failing one whole", () => {
    const dataDir = join(root, "sqlite");
    mkdirSync(dataDir);
    const db = openSqlite(dataDir);
    const dir = folder({ "001_a.sql": "CREATE TABLE a (x INTEGER);" });
    expect(migrateSqlite(db, 100, dir)).toEqual([1]);
    expect(migrateSqlite(db, 101, dir)).toEqual([]);
    writeFileSync(new URL("002_b.sql", dir), "CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1);");
    writeFileSync(new URL("003_bad.sql", dir), "CREATE TABLE c (x INTEGER); INSERT INTO nowhere VALUES (1);");
    expect(() => migrateSqlite(db, 102, dir)).toThrow(/Migration 003_bad failed/);
    // One transaction for the run: 002 is not half-applied either.
    expect(db.prepare("SELECT version FROM welink_migrations").all()).toEqual([{ version: 1 }]);
    writeFileSync(new URL("003_bad.sql", dir), "CREATE TABLE c (x INTEGER);");
    expect(migrateSqlite(db, 103, dir)).toEqual([2, 3]);
    expect(db.prepare("SELECT version, name, applied_at FROM welink_migrations ORDER BY version").all()).toEqual([
      { version: 1, name: "001_a", applied_at: 100 },
      { version: 2, name: "002_b", applied_at: 103 },
      { version: 3, name: "003_bad", applied_at: 103 },
    ]);
    db.close();
  });
});

describe.runIf(pgUrl())("postgres runner", () => {
  it("lets several processes start together: each file applied exactly once", async () => {
    const schema = await freshSchema("mig");
    const pools = Array.from({ length: 4 }, () => createPool(schema.url, { max: 2 }));
    try {
      const runs = await Promise.all(pools.map((pool, i) => migratePostgres(pool, 1000 + i)));
      const applied = runs.flat().sort((a, b) => a - b);
      const expected = loadMigrations(new URL("../../src/store/postgres/migrations/", import.meta.url)).map(
        (m) => m.version,
      );
      expect(applied).toEqual(expected);
      const { rows } = await pools[0]!.query("SELECT count(*) AS n FROM welink_migrations");
      expect(rows[0].n).toBe(expected.length);
      expect(await migratePostgres(pools[1]!, 2000)).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await schema.drop();
    }
  });

  it("rolls back a failing file and leaves the earlier ones recorded", async () => {
    const schema = await freshSchema("mig");
    const pool = createPool(schema.url);
    try {
      const dir = folder({
        "001_a.sql": "CREATE TABLE a (x int);",
        "002_bad.sql": "CREATE TABLE b (x int); SELECT nope;",
      });
      await expect(migratePostgres(pool, 1, dir)).rejects.toThrow(/Migration 002_bad failed/);
      const { rows } = await pool.query("SELECT version FROM welink_migrations");
      expect(rows).toEqual([{ version: 1 }]);
      const { rows: tables } = await pool.query("SELECT to_regclass('b') AS b");
      expect(tables[0].b).toBeNull();
    } finally {
      await pool.end();
      await schema.drop();
    }
  });
});
