import { describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { ProxyPool, proxyFromAccount } from "../../../src/linkedin/transport/pool.ts";

const US = [1, 2, 3, 4].map((n) => ({
  protocol: "http" as const,
  host: `10.0.0.${n}`,
  port: 8000 + n,
  username: "u",
  password: "p",
}));

describe("internal proxy pool", () => {
  it("picks deterministically by account id and spreads accounts over the list", () => {
    const pool = new ProxyPool({ US });
    const again = new ProxyPool({ us: US });
    const picks = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = `acc-${i}`;
      expect(pool.pick(id, "US")).toEqual(again.pick(id, "us"));
      picks.add(pool.pick(id, "US").host);
    }
    expect(picks.size).toBe(4);
  });

  it("splits a choice into the public half (account.proxy) and the secret", () => {
    const pool = new ProxyPool({ US });
    const choice = pool.choose("acc-1", { location: "us" })!;
    expect(choice.account.location).toBe("US");
    expect(choice.account).not.toHaveProperty("password");
    expect(proxyFromAccount(choice.account, "p")).toEqual(choice.config);
    expect(pool.choose("acc-1", { host: "h", port: 1, protocol: "socks5" })?.config).toEqual({
      protocol: "socks5",
      host: "h",
      port: 1,
    });
    expect(pool.choose("acc-1", null)).toBeNull();
  });

  it("an unknown location is PROXY_ERROR", () => {
    expect(() => new ProxyPool({ US }).pick("a", "FR")).toThrow(WelinkError);
  });
});
