import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgUrl } from "../support/pg.ts";
import { startTestWelink, type TestWelink } from "../support/welink.ts";

describe.each([
  ["sqlite", true],
  ["postgres", Boolean(pgUrl())],
] as const)("end-to-end harness on %s", (store, enabled) => {
  let w: TestWelink;
  beforeAll(async () => {
    if (enabled) w = await startTestWelink({ store });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it.runIf(enabled)("logs a persona in and reads its details back", async () => {
    const ada = await w.login("ada@sandbox.welink.dev");
    const details = await w.api("get_ln_account_details", { accountId: ada });
    expect(details.status).toBe(200);
    expect(details.body.status).toBe("ACTIVE");
    const limits = await w.api("get_limits", { accountId: ada });
    expect(limits.status).toBe(200);
    expect(JSON.stringify(limits.body)).toContain("min_gap_s");
  });
});
