import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import type { LinkedInClient } from "../../../src/linkedin/index.ts";
import { type Harness, PASSWORD, persona, startHarness } from "../harness.ts";

let h: Harness;
let ada: LinkedInClient;
let grace: LinkedInClient;

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof WelinkError)) throw new Error(`expected a WelinkError, got ${String(e)}`);
  return e.code;
}

async function clientFor(name: string): Promise<LinkedInClient> {
  const accountId = await h.newAccount(persona(name));
  await h.sessions.loginPassword(accountId, { email: persona(name), password: PASSWORD });
  return h.sessions.client(accountId);
}

beforeAll(async () => {
  h = await startHarness({ seed: 51, members: 600 });
  await h.control("settings", { burstRequestsPerMinute: 100_000 });
  ada = await clientFor("ada");
  grace = await clientFor("grace");
});
afterAll(async () => {
  await h?.close();
});

describe("search", () => {
  it("people search with keywords-free filters pages 10 at a time", async () => {
    const page = await ada.search.byUrl(
      "https://www.linkedin.com/search/results/people/?network=%5B%22F%22%5D&origin=FACETED_SEARCH",
      ["people", "companies"],
      { limit: 25 },
    );
    expect(page.results.length).toBe(25);
    expect(page.total).toBeGreaterThanOrEqual(25);
    expect(page.results.every((r) => r.type === "PEOPLE" && r.distance === "DISTANCE_1")).toBe(true);
    expect(page.results[0]?.id).toMatch(/^ACoAA/);
    expect(page.next_start).toBe(25);
    const second = await ada.search.byUrl('https://www.linkedin.com/search/results/people/?network=["F"]&page=2', [
      "people",
    ]);
    expect(second.results[0]?.id).toBe(page.results[10]?.id);
  });

  it("connectionOf and free-text filters reach LinkedIn's filter keys", async () => {
    const friend = (await ada.connections.list(0, 1)).connections[0]!;
    const page = await ada.search.byUrl(
      `https://www.linkedin.com/search/results/people/?connectionOf=%5B%22${friend.profile_id}%22%5D&firstName=${encodeURIComponent(friend.first_name)}`,
      ["people"],
    );
    expect(page.results.every((r) => (r.name ?? "").startsWith(friend.first_name))).toBe(true);
  });

  it("UNKNOWN_SEARCH_URL for another variant, another site or an unknown parameter", async () => {
    expect(
      await codeOf(ada.search.byUrl("https://www.linkedin.com/search/results/groups/?keywords=x", ["people"])),
    ).toBe("UNKNOWN_SEARCH_URL");
    expect(await codeOf(ada.search.byUrl("https://example.com/search/results/people/", ["people"]))).toBe(
      "UNKNOWN_SEARCH_URL",
    );
    expect(await codeOf(ada.search.byUrl("https://www.linkedin.com/search/results/people/?bogus=1", ["people"]))).toBe(
      "UNKNOWN_SEARCH_URL",
    );
  });
});

describe("profiles: skills, endorsements, network info, follows", () => {
  it("reads a connection's skills and endorses one; a non-connection is NOT_CONNECTED", async () => {
    const list = (await ada.connections.list(0, 30)).connections;
    let done = false;
    for (const c of list) {
      const skills = await ada.profiles.skills(c.profile_id);
      if (!skills.length) continue;
      await ada.profiles.endorse(c.profile_id, skills[0]!.name);
      const after = await ada.profiles.skills(c.profile_id);
      expect(after.find((s) => s.name === skills[0]!.name)?.endorsed_by_viewer).toBe(true);
      done = true;
      break;
    }
    expect(done).toBe(true);
    const info = await ada.profiles.networkInfo({ kind: "id", id: list[0]!.profile_id });
    expect(info.distance).toBe("DISTANCE_1");
  });

  it("follow then follow again is BAD_REQUEST; following a restricted member is FORBIDDEN", async () => {
    const friend = (await ada.connections.list(5, 1)).connections[0]!;
    const p = await ada.profiles.get({ kind: "id", id: friend.profile_id });
    const info = await ada.profiles.networkInfo({ kind: "id", id: friend.profile_id });
    await ada.profiles.follow(p.member_id!, !info.following);
    expect(await codeOf(ada.profiles.follow(p.member_id!, !info.following))).toBe("BAD_REQUEST");
    // Following oneself is BAD_REQUEST; a member one cannot reach (restricted) is FORBIDDEN.
    const self = await ada.profiles.get({ kind: "id", id: ada.self.profileId });
    expect(await codeOf(ada.profiles.follow(self.member_id!, true))).toBe("BAD_REQUEST");
    const restricted = (await h.control(`members/${persona("restricted")}`)) as { profileId: string };
    const target = await ada.profiles.get({ kind: "id", id: restricted.profileId });
    expect(await codeOf(ada.profiles.follow(target.member_id!, true))).toBe("FORBIDDEN");
  });
});

describe("content", () => {
  it("posts text with an image, lists it, reacts and comments", async () => {
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2217f8a0000000049454e44ae426082",
      "hex",
    );
    const created = await ada.posts.create("Hello from the driver", [
      { type: "image", data: png, filename: "dot.png" },
    ]);
    expect(created.post_id).toMatch(/^urn:li:activity:\d+$/);
    const mine = await ada.posts.ofMember(ada.self.profileId, 5);
    expect(mine[0]?.post_id).toBe(created.post_id);
    expect(mine[0]?.text).toBe("Hello from the driver");
    const reaction = await grace.posts.react(`https://www.linkedin.com/feed/update/${created.post_id}/`, "PRAISE");
    expect(reaction.reaction_id).toContain(created.post_id);
    // The same reaction again is already done, not an error (exactly-once retries).
    expect((await grace.posts.react(created.post_id, "PRAISE")).reaction_id).toContain(created.post_id);
    const comment = await grace.posts.comment(created.post_id, "Nice");
    expect(comment.post_id).toBe(created.post_id);
    const comments = await ada.posts.comments(created.post_id);
    expect(comments.map((c) => c.text)).toContain("Nice");
  });

  it("NO_CONTENT_OR_MEDIA, MULTI_SELECTION_NOT_ALLOWED, MEDIA_UPLOAD_FAILED, NO_ACTIVITY_FOUND", async () => {
    expect(await codeOf(ada.posts.create("   "))).toBe("NO_CONTENT_OR_MEDIA");
    const doc = { type: "document" as const, data: Buffer.from("%PDF-1.4"), filename: "a.pdf" };
    expect(await codeOf(ada.posts.create("two docs", [doc, doc]))).toBe("MULTI_SELECTION_NOT_ALLOWED");
    expect(await codeOf(ada.posts.create("bad", [{ type: "image", data: Buffer.from("x"), filename: "x.exe" }]))).toBe(
      "MEDIA_UPLOAD_FAILED",
    );
    expect(await codeOf(ada.posts.react("urn:li:activity:1", "LIKE"))).toBe("NO_ACTIVITY_FOUND");
    expect(await codeOf(ada.posts.comment("urn:li:activity:1", "hi"))).toBe("NO_ACTIVITY_FOUND");
  });

  it("a video is still processing right after upload: POST_MEDIA_STILL_PROCESSING", async () => {
    const video = { type: "video" as const, data: Buffer.alloc(2048, 1), filename: "clip.mp4" };
    expect(await codeOf(ada.posts.create("a clip", [video]))).toBe("POST_MEDIA_STILL_PROCESSING");
  });
});

describe("profile views", () => {
  it("grace (Premium) sees her viewers with a total", async () => {
    const views = await grace.views.list();
    expect(views.total).toBeGreaterThan(0);
    expect(views.data.length).toBeGreaterThan(0);
  });

  it("LinkedIn's own total-count failure (500 TOTAL_COUNT_FAILED) is TOTAL_COUNT_FAILED", async () => {
    await h.control("faults", { kind: "total_count", member: persona("grace"), count: 1 });
    expect(await codeOf(grace.views.list())).toBe("TOTAL_COUNT_FAILED");
  });

  it("an injected failure is TOTAL_COUNT_FAILED", async () => {
    await h.control("faults", {
      kind: "5xx",
      status: 500,
      member: persona("grace"),
      path: "/voyager/api/identity/wvmpCards",
      count: 1,
    });
    expect(await codeOf(grace.views.list())).toBe("TOTAL_COUNT_FAILED");
  });
});

describe("celebrations", () => {
  it("lists today's occasions among connections (possibly none)", async () => {
    const list = await ada.connections.celebrations();
    expect(Array.isArray(list)).toBe(true);
    for (const c of list) expect(c.profile.profile_id).toMatch(/^ACoAA/);
  });
});
