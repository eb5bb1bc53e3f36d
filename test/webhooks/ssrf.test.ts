import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/webhooks/dispatcher.ts";
import { checkWebhookUrl, isInternalAddress } from "../../src/webhooks/url-policy.ts";
import { type Harness, openHarness, type Receiver, startReceiver } from "./support.ts";

const LIVE = { live: true, allowPrivate: false };

describe("SSRF guard in live mode", () => {
  let h: Harness;
  let rx: Receiver;
  beforeAll(async () => {
    h = await openHarness("sqlite");
    rx = await startReceiver();
  });
  afterAll(async () => {
    await rx.close();
    await h.close();
  });

  it("classifies internal addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.8",
      "172.20.1.1",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "100.64.0.1",
    ]) {
      expect(isInternalAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "172.32.0.1"]) {
      expect(isInternalAddress(a), a).toBe(false);
    }
  });

  it("accepts loopback against the sandbox and when the operator allows private webhooks", async () => {
    await expect(checkWebhookUrl(rx.url, { live: false, allowPrivate: false })).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl(rx.url, { live: true, allowPrivate: true })).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl(rx.url, LIVE)).rejects.toThrow(/private or loopback/);
  });

  it("refuses at send time, on the resolved address, a URL stored earlier (IP literal and hostname)", async () => {
    for (const url of [rx.url, `http://localhost:${rx.port}/hook`]) {
      await h.endpoint(url);
      const id = await h.deliver(await h.account());
      const live = createDispatcher({ store: h.webhooks, clock: h.clock, policy: LIVE });
      expect(await live.runDue()).toBe(1);
      await live.stop();
      const row = await h.webhooks.get(h.workspaceId, id);
      expect(row?.lastError, url).toMatch(/private or loopback address (127\.0\.0\.1|::1)/);
      expect(row?.status).toBe("pending");
    }
    expect(rx.received).toHaveLength(0);
    // The same deliveries go through once private webhooks are allowed.
    h.clock.advance(60_000);
    const allowed = createDispatcher({ store: h.webhooks, clock: h.clock, policy: { live: true, allowPrivate: true } });
    expect(await allowed.runDue()).toBe(2);
    await allowed.stop();
    expect(rx.received).toHaveLength(2);
  });
});
