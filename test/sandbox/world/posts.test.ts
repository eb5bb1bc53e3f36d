import { describe, expect, it } from "vitest";
import { SECOND } from "../../../src/sandbox/world/clock.ts";
import { bareWorld, expectRefusal } from "./support.ts";

const MB = 1024 * 1024;

describe("posts and media", () => {
  it("checks media type and size at upload", () => {
    const world = bareWorld(2);
    expectRefusal(
      () => world.posts.registerUpload(1, { kind: "image", mimeType: "image/bmp", sizeBytes: 10 }),
      "MEDIA_UPLOAD_FAILED",
    );
    expectRefusal(
      () => world.posts.registerUpload(1, { kind: "image", mimeType: "image/png", sizeBytes: 10 * MB + 1 }),
      "MEDIA_UPLOAD_FAILED",
    );
    expectRefusal(
      () => world.posts.registerUpload(1, { kind: "video", mimeType: "video/mp4", sizeBytes: 200 * MB + 1 }),
      "MEDIA_UPLOAD_FAILED",
    );
    expectRefusal(
      () => world.posts.registerUpload(1, { kind: "document", mimeType: "application/pdf", sizeBytes: 100 * MB + 1 }),
      "MEDIA_UPLOAD_FAILED",
    );
    expect(world.posts.registerUpload(1, { kind: "image", mimeType: "image/png", sizeBytes: 10 * MB }).id).toMatch(
      /^urn:li:digitalmediaAsset:/,
    );
  });

  it("needs content, one video or document at most, and a processed video (20 s)", () => {
    const world = bareWorld(2);
    expectRefusal(() => world.posts.create(1, { text: "  " }), "NO_CONTENT_OR_MEDIA");
    const v1 = world.posts.registerUpload(1, { kind: "video", mimeType: "video/mp4", sizeBytes: MB });
    const v2 = world.posts.registerUpload(1, { kind: "video", mimeType: "video/mp4", sizeBytes: MB });
    const img = world.posts.registerUpload(1, { kind: "image", mimeType: "image/jpeg", sizeBytes: MB });
    const doc = world.posts.registerUpload(1, { kind: "document", mimeType: "application/pdf", sizeBytes: MB });
    expectRefusal(() => world.posts.create(1, { mediaIds: [v1.id, v2.id] }), "MULTI_SELECTION_NOT_ALLOWED");
    expectRefusal(() => world.posts.create(1, { mediaIds: [doc.id, img.id] }), "MULTI_SELECTION_NOT_ALLOWED");
    expectRefusal(() => world.posts.create(1, { text: "watch", mediaIds: [v1.id] }), "POST_MEDIA_STILL_PROCESSING");
    world.advance(19 * SECOND);
    expectRefusal(() => world.posts.create(1, { text: "watch", mediaIds: [v1.id] }), "POST_MEDIA_STILL_PROCESSING");
    world.advance(SECOND);
    const post = world.posts.create(1, { text: "watch", mediaIds: [v1.id] });
    expect(post.id).toMatch(/^\d{19}$/);
    expect(world.posts.create(1, { mediaIds: [img.id] }).mediaIds).toEqual([img.id]);
    expectRefusal(() => world.posts.create(2, { mediaIds: [doc.id] }), "MEDIA_UPLOAD_FAILED");
    expect(world.counters.of(1).postsCreated).toBe(2);
  });

  it("reactions and comments need a live post (NO_ACTIVITY_FOUND)", () => {
    const world = bareWorld(2);
    const post = world.posts.create(1, { text: "hello" });
    world.posts.react(2, `urn:li:activity:${post.id}`);
    expectRefusal(() => world.posts.react(2, post.id), "BAD_REQUEST");
    world.posts.react(2, post.id, "PRAISE");
    expect(
      world.posts.comment(2, `https://www.linkedin.com/feed/update/urn:li:activity:${post.id}/`, "nice").text,
    ).toBe("nice");
    expectRefusal(() => world.posts.react(2, "urn:li:activity:7000000000000000001"), "NO_ACTIVITY_FOUND");
    world.posts.delete(1, post.id);
    expectRefusal(() => world.posts.comment(2, post.id, "x"), "NO_ACTIVITY_FOUND");
  });
});

describe("profiles", () => {
  it("contact info follows its visibility", () => {
    const world = bareWorld(3);
    world.graph.connect(1, 2, 0);
    expect(world.profiles.contactInfo(2, 1).email).toBe("member-1@example.test");
    expectRefusal(() => world.profiles.contactInfo(3, 1), "CONTACT_INFO_FETCH_FAILED");
    world.members.require(1).contactInfo.visibility = "hidden";
    expectRefusal(() => world.profiles.contactInfo(2, 1), "CONTACT_INFO_FETCH_FAILED");
    expect(world.profiles.contactInfo(1, 1).email).toBe("member-1@example.test");
  });

  it("endorsements: NOT_CONNECTED, NO_SKILLS", () => {
    const world = bareWorld(3);
    world.graph.connect(1, 2, 0);
    expectRefusal(() => world.profiles.endorse(1, 2, "Go"), "NO_SKILLS");
    world.members.require(2).skills = [{ name: "Go", endorserIds: [] }];
    expectRefusal(() => world.profiles.endorse(3, 2, "Go"), "NOT_CONNECTED");
    expectRefusal(() => world.profiles.endorse(1, 2, "Rust"), "NO_SKILLS");
    expect(world.profiles.endorse(1, 2, "go").endorserIds).toEqual([1]);
  });

  it("following members: BAD_REQUEST for senseless changes, FORBIDDEN for a restricted member", () => {
    const world = bareWorld(3);
    expectRefusal(() => world.profiles.follow(1, 1), "BAD_REQUEST");
    world.profiles.follow(1, 2);
    expectRefusal(() => world.profiles.follow(1, 2), "BAD_REQUEST");
    world.profiles.unfollow(1, 2);
    expectRefusal(() => world.profiles.unfollow(1, 2), "BAD_REQUEST");
    world.members.require(3).restricted = true;
    expectRefusal(() => world.profiles.follow(1, 3), "FORBIDDEN");
  });

  it("profile viewers over 90 days, total, and TOTAL_COUNT_FAILED under a fault", () => {
    const world = bareWorld(4);
    expect(world.profiles.viewers(1)).toEqual([]);
    world.profiles.recordView(2, 1);
    world.advance(1000);
    world.profiles.recordView(3, 1);
    world.profiles.recordView(2, 1);
    expect(world.profiles.viewers(1).map((v) => v.viewerId)).toEqual([2, 3]);
    expect(world.profiles.viewsTotal(1)).toBe(3);
    world.advance(91 * 86_400_000);
    expect(world.profiles.viewers(1)).toEqual([]);
    world.injectFault({ kind: "total_count", memberId: 1, count: 1 });
    expectRefusal(() => world.profiles.viewsTotal(1), "TOTAL_COUNT_FAILED");
    expect(world.profiles.viewsTotal(1)).toBe(0);
  });

  it("greets connections with a birthday, work anniversary or job change today", () => {
    const today = Date.UTC(2026, 2, 14, 10);
    const world = bareWorld(5, { start: today });
    for (let id = 2; id <= 5; id++) world.graph.connect(1, id, 0);
    expect(world.profiles.greetings(1)).toEqual({ birthdays: [], workAnniversaries: [], jobChanges: [] });
    world.members.require(2).birthday = { month: 3, day: 14 };
    world.members.require(3).jobStartedAt = Date.UTC(2023, 2, 14, 8);
    world.members.require(4).jobChangedAt = Date.UTC(2026, 2, 14, 1);
    world.members.require(5).jobStartedAt = Date.UTC(2026, 2, 14, 1);
    const g = world.profiles.greetings(1);
    expect(g.birthdays.map((m) => m.memberId)).toEqual([2]);
    expect(g.workAnniversaries.map((m) => m.memberId)).toEqual([3]);
    expect(g.jobChanges.map((m) => m.memberId)).toEqual([4]);
    world.advance(86_400_000);
    expect(world.profiles.greetings(1).birthdays).toEqual([]);
  });
});

describe("faults", () => {
  it("stores member and global faults; a member's restriction and revocation apply at once", () => {
    const world = bareWorld(3);
    const s = world.sessions.issue(1);
    world.injectFault({ kind: "revoked", memberId: 1 });
    expect(world.sessions.active(s.liAt)).toBeUndefined();
    world.injectFault({ kind: "restriction", memberId: 2 });
    expect(world.members.require(2).restricted).toBe(true);
    world.faults.clear();
    world.injectFault({ kind: "410", pathPrefix: "/voyager/api/identity/profiles" });
    world.injectFault({ kind: "5xx", memberId: 3, count: 2, status: 502 });
    expect(world.faults.take(1, "/voyager/api/identity/profiles/x/profileView")?.kind).toBe("410");
    expect(world.faults.take(1, "/voyager/api/me")).toBeUndefined();
    expect(world.faults.take(3, "/voyager/api/me")?.status).toBe(502);
    expect(world.faults.take(3, "/voyager/api/me")?.status).toBe(502);
    expect(world.faults.take(3, "/voyager/api/me")).toBeUndefined();
    world.injectFault({ kind: "429", untilMs: world.now() + 1000 });
    expect(world.faults.take(2, "/x")?.kind).toBe("429");
    world.advance(1000);
    expect(world.faults.take(2, "/x")).toBeUndefined();
  });
});
