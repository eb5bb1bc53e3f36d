import { isWelinkError } from "../errors/index.ts";
import { mediaOf } from "../linkedin/actions/content.ts";
import { checkPost } from "../linkedin/families/posts.ts";
import { clientOf } from "./accounts-run.ts";
import { driven } from "./connections-run.ts";
import type { RunContext } from "./define.ts";

/**
 * Posts and engagement on the engine's lane. `create_post` is the one that needs more than
 * the driver's action: a video is still processing for a while after its upload, and the
 * post can only be created once it is done, so the run waits it out here (polling with a
 * growing gap, the media uploaded once) instead of failing the request at once.
 */
type Input = Record<string, unknown>;

/** How long a post waits for its video before giving up. */
export const PROCESSING_BUDGET_MS = 90_000;
/** Gaps between tries: 1 s, 2 s, 4 s, … capped at 10 s (real time). */
const FIRST_GAP_MS = 1_000;
const MAX_GAP_MS = 10_000;
/** Tries in all, so a LinkedIn whose clock stands still cannot keep the run past its timeout. */
const MAX_TRIES = 12;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `publish` until LinkedIn stops answering POST_MEDIA_STILL_PROCESSING, or until the
 * budget is spent on welink's injected clock (the engine's: a test that moves it on sees
 * the run give up without waiting it out), or after MAX_TRIES.
 */
export async function waitOutProcessing<T>(
  publish: () => Promise<T>,
  now: () => number,
  pause: (ms: number) => Promise<void>,
): Promise<T> {
  const first = now();
  for (let tries = 1; ; tries++) {
    try {
      return await publish();
    } catch (error) {
      const processing = isWelinkError(error) && error.code === "POST_MEDIA_STILL_PROCESSING";
      if (!processing || tries >= MAX_TRIES || now() - first >= PROCESSING_BUDGET_MS) throw error;
      await pause(Math.min(MAX_GAP_MS, FIRST_GAP_MS * 2 ** (tries - 1)));
    }
  }
}

export async function createPostRun(ctx: RunContext, input: Input): Promise<unknown> {
  const text = typeof input.text === "string" ? input.text : "";
  const items = (Array.isArray(input.media) ? input.media : []) as Record<string, unknown>[];
  // Refusals that need no upload come first: nothing is sent for a post LinkedIn would refuse.
  checkPost(
    text,
    items.map((m) => ({ type: m.type as "image" })),
  );
  const media = await Promise.all(items.map((m, i) => mediaOf(m, i)));
  const client = await clientOf(ctx);
  const visibility = input.visibility === "CONNECTIONS" ? "CONNECTIONS_ONLY" : "ANYONE";
  const uploaded = await client.posts.uploadAll(media);
  const post = await waitOutProcessing(
    () => client.posts.publish(text, uploaded, visibility),
    () => ctx.deps.clock.now(),
    (ms) => sleep(ms, ctx.signal),
  );
  return { ...post, text, media: uploaded.length, visibility: input.visibility ?? "PUBLIC" };
}

/** Did an earlier attempt publish this text? (The newest posts of the account, since the request.) */
export async function createPostVerify(ctx: RunContext, input: Input): Promise<unknown | null> {
  const text = typeof input.text === "string" ? input.text : "";
  if (!text.trim()) return null;
  const client = await clientOf(ctx);
  const since = ctx.request.createdAt ?? 0;
  const mine = await client.posts.ofMember(client.self.profileId, 10);
  const hit = mine.find((p) => p.text === text && (p.created_at ?? 0) >= since - 60_000);
  if (!hit) return null;
  return { post_id: hit.post_id, share_urn: hit.share_urn, text, visibility: input.visibility ?? "PUBLIC" };
}

export const getPostsRuns = driven("get_posts");
export const commentRuns = driven("comment_on_post");
export const reactRuns = driven("react_to_post");
export const likePostsRuns = driven("like_posts");
export const endorseRuns = driven("endorse");
export const followProfileRuns = driven("follow_profile");
