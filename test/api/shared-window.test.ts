import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/app.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/types.ts";
import { freshSchema, pgUrl } from "../support/pg.ts";
import { tenant } from "./support.ts";

/**
 * Two gateways on one database, each with its own connection (as two processes would
 * have): an account's rolling window is one window, whichever node takes the call.
 */
function suite(dialect: "sqlite" | "postgres") {
  const clock = new ManualClock();
  let stores: Store[] = [];
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const masterKey = randomBytes(32);
    if (dialect === "sqlite") {
      const dir = mkdtempSync(join(tmpdir(), "welink-shared-"));
      stores = [
        await openStore({ dataDir: dir, masterKey, clock }),
        await openStore({ dataDir: dir, masterKey, clock }),
      ];
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = await freshSchema("shared");
      stores = [
        await openStore({ databaseUrl: schema.url, dataDir: tmpdir(), masterKey, clock }),
        await openStore({ databaseUrl: schema.url, dataDir: tmpdir(), masterKey, clock }),
      ];
      cleanup = schema.drop;
    }
    await stores[0]!.migrate();
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await cleanup();
  });

  it("refuses the call past the limit whichever node takes it", async () => {
    const x = await tenant({ store: stores[0]!, clock, close: async () => {} }, "shared");
    const nodes = await Promise.all(
      stores.map((store) => buildApp({ store, clock }, { accountActionsPerHour: 4, accountSyncPerHour: 4 })),
    );
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const node = nodes[i % 2]!;
      const r = await node.inject({
        method: "POST",
        url: "/api/v1/view_profile",
        headers: x.headers,
        payload: { accountId: x.accountId, profile_id: `p${i}` },
      });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Concurrent calls on both nodes at once: still exactly the limit gets through.
    clock.advance(3_600_000);
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        nodes[i % 2]!.inject({
          method: "POST",
          url: "/api/v1/view_profile",
          headers: x.headers,
          payload: { accountId: x.accountId, profile_id: `q${i}` },
        }),
      ),
    );
    expect(burst.filter((r) => r.statusCode === 200)).toHaveLength(4);
    expect(burst.filter((r) => r.statusCode === 429)).toHaveLength(8);
    for (const node of nodes) await node.close();
  });
}

describe("shared account window, SQLite", () => suite("sqlite"));
describe.runIf(pgUrl())("shared account window, PostgreSQL", () => suite("postgres"));
