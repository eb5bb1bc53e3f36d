import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { openStore } from "../../src/store/open.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";

/**
 * Migrated SQLite stores on files of the calling test file: `open()` makes a new data dir,
 * `open(dataDir)` a second connection (or a restart) on the same one. The dirs go when the
 * file's tests end.
 */
export function sqliteFiles(prefix: string): (dataDir?: string) => Promise<{ store: SqliteStore; dataDir: string }> {
  const dirs: string[] = [];
  const masterKey = randomBytes(32);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return async (dataDir) => {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), prefix));
    if (!dataDir) dirs.push(dir);
    const store = (await openStore({ dataDir: dir, masterKey })) as SqliteStore;
    await store.migrate();
    return { store, dataDir: dir };
  };
}

/** A workspace with one ACTIVE account, for rows that reference both. */
export async function seedAccount(
  store: SqliteStore,
  now: number,
): Promise<{ workspaceId: string; accountId: string }> {
  const workspaceId = randomUUID();
  await store.createWorkspace({ id: workspaceId, name: `w-${workspaceId}`, createdAt: now });
  const accountId = randomUUID();
  await store.createAccount({
    id: accountId,
    workspaceId,
    email: null,
    status: "ACTIVE",
    proxy: null,
    secrets: {},
    now,
  });
  return { workspaceId, accountId };
}
