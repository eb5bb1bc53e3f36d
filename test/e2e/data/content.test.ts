import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostVerify, endorseRuns, followProfileRuns, reactRuns } from "../../../src/catalog/content-run.ts";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import {
  type Body,
  call,
  hashVerified,
  MP4,
  member,
  OffsetClock,
  ok,
  PDF,
  PNG,
  type SandboxMember,
  whileAdvancing,
} from "./support.ts";

/** Posts, media, reactions, comments, likes, endorsements and follows, end to end. */
describe("posts and engagement", () => {
  const clock = new OffsetClock();
  let w: TestWelink;
  let ada: string;
  let grace: string;
  let adaMember: SandboxMember;
  let graceMember: SandboxMember;
  let server: Server | undefined;
  let files = "";

  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite", clock });
    [ada, grace] = await Promise.all([w.login("ada@sandbox.welink.dev"), w.login("grace@sandbox.welink.dev")]);
    // The default post quota (5 a day) is a safety net this file goes past on purpose.
    for (const accountId of [ada, grace]) {
      const set = await w.api("set_limits", { accountId, limits: { post: { day: 100 } } });
      expect(set.status).toBe(200);
    }
    // Media given by `url`: welink fetches the file, then uploads it to LinkedIn.
    const big = Buffer.alloc(11 * 1024 * 1024, 7);
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/png", "content-length": big.length });
      res.end(big);
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    files = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    [adaMember, graceMember] = await Promise.all([
      member(w, "ada@sandbox.welink.dev"),
      member(w, "grace@sandbox.welink.dev"),
    ]);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
    server?.close();
  });

  it("publishes text, an image, several images and a document, and lists them", async () => {
    const text = await ok(w, "create_post", { accountId: ada, text: "Notes on the Analytical Engine" });
    expect(String(text.post_id)).toMatch(/^urn:li:activity:\d+$/);
    const image = await ok(w, "create_post", {
      accountId: ada,
      text: "A diagram",
      media: [{ type: "image", base64: PNG, title: "Diagram" }],
    });
    expect(image.media).toBe(1);
    const images = await ok(w, "create_post", {
      accountId: ada,
      text: "Three diagrams",
      media: [1, 2, 3].map((n) => ({ type: "image", base64: PNG, title: `Diagram ${n}` })),
      visibility: "CONNECTIONS",
    });
    expect(images.media).toBe(3);
    const doc = await ok(w, "create_post", {
      accountId: ada,
      media: [{ type: "document", base64: PDF, title: "Notes.pdf" }],
    });
    expect(doc.media).toBe(1);

    const listed = await ok(w, "get_posts", { accountId: grace, profile_id: adaMember.profileId, limit: 10 });
    const ids = (listed.posts as Body[]).map((p) => p.post_id);
    for (const p of [text, image, images, doc]) expect(ids).toContain(p.post_id);
    const counters = (await w.control("GET", "counters/ada@sandbox.welink.dev")) as Body;
    expect(Number(counters.postsCreated)).toBeGreaterThanOrEqual(4);
  });

  it("waits out a video's processing on the sandbox clock, then publishes it", async () => {
    const ack = await w.api("create_post", {
      accountId: ada,
      text: "A short film",
      media: [{ type: "video", base64: MP4, title: "Film" }],
    });
    expect(ack.status).toBe(200);
    // LinkedIn processes a video for 20 s of its time: move its clock while the run retries.
    const event = await whileAdvancing(w, w.receiver.forRequest(String(ack.body.requestId), 30_000), 5_000, 300);
    const body = await hashVerified(w, event);
    expect(body.status).toBe("SUCCESS");
    expect(String((body.result as Body).post_id)).toMatch(/^urn:li:activity:/);
  });

  it("refuses posts LinkedIn refuses: nothing to post, mixed media, bad files", async () => {
    const [empty, mixed, badType] = await Promise.all([
      call(w, "create_post", { accountId: ada, text: "   " }),
      call(w, "create_post", {
        accountId: ada,
        text: "x",
        media: [
          { type: "video", base64: MP4 },
          { type: "image", base64: PNG },
        ],
      }),
      call(w, "create_post", { accountId: ada, text: "x", media: [{ type: "image", url: `${files}/poster.png` }] }),
    ]);
    expect(empty.status).toBe("NO_CONTENT_OR_MEDIA");
    expect(mixed.status).toBe("MULTI_SELECTION_NOT_ALLOWED");
    // An 11 MB image: over LinkedIn's 10 MB, refused when the upload is registered.
    expect(badType.status).toBe("MEDIA_UPLOAD_FAILED");
  });

  it("reacts, comments, likes a member's posts, endorses skills and follows", async () => {
    const post = await ok(w, "create_post", { accountId: grace, text: "Compilers are friends" });
    const reacted = await ok(w, "react_to_post", { accountId: ada, post_id: post.post_id, reaction: "PRAISE" });
    expect(reacted).toMatchObject({ reaction: "PRAISE" });
    const url = `https://www.linkedin.com/feed/update/${post.post_id}/`;
    const comment = await ok(w, "comment_on_post", { accountId: ada, post_url: url, text: "Indeed they are" });
    expect(comment.text).toBe("Indeed they are");
    const unknown = await call(w, "comment_on_post", { accountId: ada, post_id: "urn:li:activity:1", text: "x" });
    expect(unknown.status).toBe("NO_ACTIVITY_FOUND");

    const liked = await ok(w, "like_posts", { accountId: ada, profile_id: graceMember.profileId, count: 1 });
    expect((liked.liked as string[]).length).toBe(1);

    const endorsed = await ok(w, "endorse", {
      accountId: ada,
      profile_id: graceMember.profileId,
      skills: ["TypeScript"],
    });
    expect(endorsed.endorsed).toEqual(["TypeScript"]);
    const again = await call(w, "endorse", {
      accountId: ada,
      profile_id: graceMember.profileId,
      skills: ["TypeScript"],
    });
    expect(again.status).toBe("NO_SKILLS");

    const followed = await ok(w, "follow_profile", { accountId: ada, profile_id: graceMember.profileId, follow: true });
    expect(followed).toMatchObject({ followed: true, profile_id: graceMember.profileId });
    const twice = await call(w, "follow_profile", { accountId: ada, profile_id: graceMember.profileId, follow: true });
    expect(twice.status).toBe("BAD_REQUEST");
  });
  it("verifies writes an earlier attempt may have made, before running them again", async () => {
    const ctx = (accountId: string) =>
      ({ deps: w.welink.deps, request: { accountId, createdAt: clock.now() - 1000 }, account: null }) as never;
    const post = await ok(w, "create_post", { accountId: grace, text: "Verify me" });
    const react = { post_id: post.post_id, reaction: "INTEREST" };
    expect(await reactRuns.verify(ctx(ada), react)).toBeNull();
    await ok(w, "react_to_post", { accountId: ada, ...react });
    expect(await reactRuns.verify(ctx(ada), react)).toMatchObject({ reaction: "INTEREST" });

    const skills = { profile_id: graceMember.profileId, skills: ["Public Speaking"] };
    expect(await endorseRuns.verify(ctx(ada), skills)).toBeNull();
    await ok(w, "endorse", { accountId: ada, ...skills });
    expect(await endorseRuns.verify(ctx(ada), skills)).toEqual({
      endorsed: ["Public Speaking"],
      profile_id: graceMember.profileId,
    });

    const unfollow = { profile_id: graceMember.profileId, follow: false };
    // Following grace (whether or not an earlier test did): unfollowing has not happened yet.
    await call(w, "follow_profile", { accountId: ada, profile_id: graceMember.profileId, follow: true });
    expect(await followProfileRuns.verify(ctx(ada), unfollow)).toBeNull();
    await ok(w, "follow_profile", { accountId: ada, ...unfollow });
    expect(await followProfileRuns.verify(ctx(ada), unfollow)).toMatchObject({ followed: false });

    const text = { text: "Posted once" };
    expect(await createPostVerify(ctx(grace), text)).toBeNull();
    const created = await ok(w, "create_post", { accountId: grace, ...text });
    expect(await createPostVerify(ctx(grace), text)).toMatchObject({ post_id: created.post_id });
  });

  // Last: it moves welink's clock minutes ahead.
  it("gives up with POST_MEDIA_STILL_PROCESSING when the video never finishes", async () => {
    await w.control("POST", "settings", { videoProcessingMs: 24 * 3_600_000 });
    try {
      const ack = await w.api("create_post", {
        accountId: grace,
        text: "A long film",
        media: [{ type: "video", base64: MP4 }],
      });
      const received = w.receiver.forRequest(String(ack.body.requestId), 60_000);
      // welink's own clock runs the wait and the engine's retries: move it, not real time.
      const event = await (async () => {
        let done = false;
        received.finally(() => {
          done = true;
        });
        // In steps of 20 s: a run gives up after 60 s of its clock, before its lease (60 s,
        // reclaimable 30 s after) could expire under it.
        while (!done) {
          await new Promise((r) => setTimeout(r, 250));
          clock.advance(20_000);
        }
        return received;
      })();
      const body = await hashVerified(w, event);
      expect(body).toMatchObject({ status: "POST_MEDIA_STILL_PROCESSING", retryable: true, scope: "request" });
    } finally {
      await w.control("POST", "settings", { videoProcessingMs: 20_000 });
    }
  }, 90_000);
});
