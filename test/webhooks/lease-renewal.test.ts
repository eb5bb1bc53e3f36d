import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, type Harness, openHarness } from "./support.ts";

/**
 * A dispatcher renews the leases of the deliveries it is still sending, so the lease can be
 * short (a dead dispatcher's deliveries go out again after one lease) without another
 * dispatcher taking a delivery in the middle of a slow POST.
 */
describe.each(DIALECTS)("delivery lease renewal on $dialect", ({ dialect }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(dialect);
    await h.endpoint();
  });
  afterAll(async () => h.close());

  it("a lapsed lease makes the delivery claimable again; a renewed one keeps it", async () => {
    const lapsed = await h.deliver(await h.account());
    const renewed = await h.deliver(await h.account());
    const t0 = h.clock.now();
    const claimed = await h.webhooks.claimDue(t0, 10, 3_000);
    expect(claimed.map((d) => d.id).sort()).toEqual([lapsed, renewed].sort());

    h.clock.advance(2_000);
    await h.webhooks.renewLeases([renewed], h.clock.now() + 3_000);
    h.clock.advance(2_000);
    // 4 s after the claim: the first lease (3 s) has lapsed, the renewed one runs to 5 s.
    const again = await h.webhooks.claimDue(h.clock.now(), 10, 3_000);
    expect(again.map((d) => d.id)).toEqual([lapsed]);
    h.clock.advance(1_500);
    expect((await h.webhooks.claimDue(h.clock.now(), 10, 3_000)).map((d) => d.id)).toEqual([renewed]);
  });
});
