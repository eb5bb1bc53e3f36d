import { describe, expect, it } from "vitest";
import { WelinkError } from "../../src/errors/index.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { ShapeError } from "../../src/linkedin/envelope.ts";
import { defaultProfile, loadProfile } from "../../src/linkedin/profile/loader.ts";
import { CookieJar } from "../../src/linkedin/transport/cookies.ts";
import { Transport } from "../../src/linkedin/transport/http.ts";
import { fillPath, Gone, Voyager } from "../../src/linkedin/voyager.ts";

// The runner's rules, without the network: the implementations throw what calls would.
const profile = loadProfile({
  ...structuredClone(defaultProfile()),
  operations: {
    op: [
      { generation: "dash", path: "/a" },
      { generation: "graphql", path: "/b", queryId: "searchClusters" },
      { generation: "legacy", path: "/c/{id}", retiredOn404: true },
    ],
  },
});
const voyager = new Voyager(
  new Transport({ baseUrl: "http://127.0.0.1:9", jar: new CookieJar(), clock: new ManualClock() }),
  profile,
);

describe("operation runner", () => {
  it("tries paths in the profile's order and records which one worked", async () => {
    const seen: string[] = [];
    const out = await voyager.run("op", {
      dash: async (s) => {
        seen.push(s.path);
        throw new Gone("GET /a", 410);
      },
      graphql: async (s) => {
        seen.push(s.path);
        return "from graphql";
      },
      legacy: async () => "never",
    });
    expect(out).toBe("from graphql");
    expect(seen).toEqual(["/a", "/b"]);
    expect(voyager.lastWorked.get("op")).toBe("graphql");
  });

  it("every path retired: LINKEDIN_SCHEMA_CHANGED naming the operation and the paths", async () => {
    const gone = (what: string, status: number) => async () => {
      throw new Gone(what, status);
    };
    const error = await voyager
      .run("op", { dash: gone("GET /a", 410), graphql: gone("GET /b", 410), legacy: gone("GET /c/x", 404) })
      .catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("LINKEDIN_SCHEMA_CHANGED");
    expect((error as Error).message).toBe("op: every path is retired (GET /a → 410; GET /b → 410; GET /c/x → 404)");
  });

  it("an answer of unknown shape is LINKEDIN_SCHEMA_CHANGED at once (no fallback)", async () => {
    const error = await voyager
      .run("op", {
        dash: async () => {
          throw new ShapeError("missing list elements");
        },
        graphql: async () => "not reached",
      })
      .catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("LINKEDIN_SCHEMA_CHANGED");
    expect((error as Error).message).toBe("op: missing list elements");
  });

  it("catalogued refusals pass through untouched; unknown operations are schema changes", async () => {
    const refusal = new WelinkError("PENDING_INVITE");
    await expect(
      voyager.run("op", {
        dash: async () => {
          throw refusal;
        },
      }),
    ).rejects.toBe(refusal);
    await expect(voyager.run("nope", {})).rejects.toMatchObject({ code: "LINKEDIN_SCHEMA_CHANGED" });
  });

  it("fills path placeholders with encoded URNs", () => {
    expect(fillPath("/x/{urn}/y", { urn: "urn:li:fsd_invitation:7" })).toBe("/x/urn%3Ali%3Afsd_invitation%3A7/y");
    expect(fillPath("/s/{key}", { key: "(profileId:ACwAA1,authType:NAME_SEARCH)" })).toBe(
      "/s/(profileId:ACwAA1,authType:NAME_SEARCH)",
    );
  });
});
