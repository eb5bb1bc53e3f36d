import { isWelinkError } from "../errors/index.ts";
import { mediaOf } from "../linkedin/actions/content.ts";
import { refOf } from "../linkedin/actions/network.ts";
import { checkPost } from "../linkedin/families/posts.ts";
import { clientOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";
import { driven } from "./driven.ts";

/**
 * Posts and engagement on the engine's lane. `create_post` is the one that needs more than
 * the driver's action: a video is still processing for a while after its upload, and the
 * post can only be created once it is done, so the run waits it out here (polling with a
 * growing gap, the media uploaded once) instead of failing the request at once.
 */
type Input = Record<string, unknown>;

/**
 * How long one run waits for its video before giving up (the engine may then retry the
 * request, with back-off, as the code is retryable).
 */
export const PROCESSING_BUDGET_MS = 60_000;
/** Gaps between tries: 1 s, 2 s, 4 s, … capped at 10 s (real time). */
const FIRST_GAP_MS = 1_000;
const MAX_GAP_MS = 10_000;
/** Tries in all, so a LinkedIn whose clock stands still cannot keep the run past its timeout. */
const MAX_TRIES = 12;

/**
 * Waits `ms` of real time or of welink's injected clock, whichever passes first (checked
 * every 50 ms): in production the two agree; a test that moves the clock on is not made
 * to wait in real time.
 */
function pause(ms: number, now: () => number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const from = now();
    const realFrom = Date.now();
    const timer = setInterval(() => {
      if (now() - from < ms && Date.now() - realFrom < ms) return;
      clearInterval(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, 50);
    const onAbort = () => {
      clearInterval(timer);
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
    (ms) => pause(ms, () => ctx.deps.clock.now(), ctx.signal),
  );
  return { ...post, text, media: uploaded.length, visibility: input.visibility ?? "PUBLIC" };
}

/**
 * Did an earlier attempt publish this text? The account's newest posts are read; LinkedIn's
 * post times are on its own clock (a sandbox's may be months from ours), so the match is
 * on the text among the latest few rather than on a time window.
 */
export async function createPostVerify(ctx: RunContext, input: Input): Promise<unknown | null> {
  const text = typeof input.text === "string" ? input.text : "";
  if (!text.trim()) return null;
  const client = await clientOf(ctx);
  const hit = (await client.posts.ofMember(client.self.profileId, 3)).find((p) => p.text === text);
  if (!hit) return null;
  return { post_id: hit.post_id, share_urn: hit.share_urn, text, visibility: input.visibility ?? "PUBLIC" };
}

export const getPostsRuns = driven("get_posts");
export const commentRuns = driven("comment_on_post");
export const likePostsRuns = driven("like_posts");

/*
 * Exactly-once checks of the engagement writes: when an earlier attempt may have reached
 * LinkedIn, read back whether it did (the reaction listed under the account, the skills
 * endorsed by the viewer, the follow state) and answer as the run would have; null = it
 * did not, run again.
 */

const postOf = (input: Input) => String(input.post_url ?? input.post_id ?? "");

export const reactRuns = {
  ...driven("react_to_post"),
  async verify(ctx: RunContext, input: Input): Promise<unknown | null> {
    const client = await clientOf(ctx);
    const reaction = typeof input.reaction === "string" ? input.reaction : "LIKE";
    const mine = (await client.posts.reactions(postOf(input), 0, 100)).find(
      (r) => r.profile_id === client.self.profileId && r.reaction === reaction,
    );
    return mine ? { post_id: postOf(input), reaction, reaction_id: null } : null;
  },
};

export const endorseRuns = {
  ...driven("endorse"),
  async verify(ctx: RunContext, input: Input): Promise<unknown | null> {
    const client = await clientOf(ctx);
    const ref = refOf(input);
    const profileId = ref.kind === "id" ? ref.id : (await client.profiles.get(ref)).profile_id;
    const skills = await client.profiles.skills(profileId);
    const wanted = Array.isArray(input.skills) ? input.skills.map((s) => String(s).toLowerCase()) : null;
    const asked = wanted ? skills.filter((s) => wanted.includes(s.name.toLowerCase())) : skills;
    if (!asked.length || asked.some((s) => !s.endorsed_by_viewer)) return null;
    return { endorsed: asked.map((s) => s.name), profile_id: profileId };
  },
};

export const followProfileRuns = {
  ...driven("follow_profile"),
  async verify(ctx: RunContext, input: Input): Promise<unknown | null> {
    const client = await clientOf(ctx);
    const ref = refOf(input);
    const follow = input.follow !== false;
    const info = await client.profiles.networkInfo(ref);
    if (info.following !== follow) return null;
    const profileId = ref.kind === "id" ? ref.id : (await client.profiles.get(ref)).profile_id;
    return { followed: follow, profile_id: profileId };
  },
};
