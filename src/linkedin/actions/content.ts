/** Posts, reactions, comments, endorsements, follows. */
import { WelinkError } from "../../errors/index.ts";
import { companyRef } from "../families/companies.ts";
import type { MediaInput, MediaType, Post } from "../families/posts.ts";
import { idOf } from "./network.ts";
import { type DriverAction, type Input, num, str, withClient } from "./types.ts";

/** The largest file the driver will fetch from a `url` media (LinkedIn's video limit). */
const MAX_FETCH = 200 * 1024 * 1024;

const EXTENSION: Record<MediaType, string> = { image: "png", video: "mp4", document: "pdf" };

export async function mediaOf(item: Record<string, unknown>, index: number): Promise<MediaInput> {
  const type = item.type as MediaType;
  if (!["image", "video", "document"].includes(type))
    throw new WelinkError("MEDIA_UPLOAD_FAILED", `media[${index}].type`);
  let data: Uint8Array;
  let filename = typeof item.filename === "string" ? item.filename : undefined;
  if (typeof item.base64 === "string") data = Buffer.from(item.base64.replace(/^data:[^,]*,/, ""), "base64");
  else if (typeof item.url === "string") {
    const res = await fetch(item.url, { redirect: "follow", signal: AbortSignal.timeout(60_000) }).catch(() => null);
    if (!res?.ok) throw new WelinkError("MEDIA_UPLOAD_FAILED", `media[${index}]: the file could not be fetched`);
    const length = Number(res.headers.get("content-length") ?? 0);
    if (length > MAX_FETCH) throw new WelinkError("MEDIA_UPLOAD_FAILED", `media[${index}] is too large`);
    data = new Uint8Array(await res.arrayBuffer());
    filename ??= new URL(item.url).pathname.split("/").pop() || undefined;
  } else throw new WelinkError("MEDIA_UPLOAD_FAILED", `media[${index}] needs base64 or url`);
  const media: MediaInput = {
    type,
    data,
    filename: filename && /\.\w+$/.test(filename) ? filename : `file-${index}.${EXTENSION[type]}`,
  };
  if (typeof item.title === "string") media.title = item.title;
  return media;
}

function wantedSkills(input: Input): string[] | null {
  return Array.isArray(input.skills) ? input.skills.filter((s): s is string => typeof s === "string") : null;
}

function matches(name: string, wanted: string[] | null): boolean {
  return !wanted || wanted.some((w) => w.toLowerCase() === name.toLowerCase());
}

function postOf(input: Input): string {
  const p = str(input, "post_url") ?? str(input, "post_id");
  if (!p) throw new WelinkError("INVALID_REQUEST", "post_url or post_id is required");
  return p;
}

export const CONTENT_ACTIONS: Record<string, DriverAction> = {
  create_post: withClient(async (client, input) => {
    const media = await Promise.all(
      (Array.isArray(input.media) ? input.media : []).map((m, i) => mediaOf(m as Record<string, unknown>, i)),
    );
    const visibility = str(input, "visibility")?.toUpperCase() === "CONNECTIONS_ONLY" ? "CONNECTIONS_ONLY" : "ANYONE";
    return client.posts.create(str(input, "text") ?? "", media, visibility);
  }),

  get_posts: withClient(async (client, input) => {
    const limit = num(input, "limit", 10);
    const company = str(input, "company_id");
    let posts: Post[];
    if (company) {
      const ref = companyRef({ company_id: company });
      const vanity = ref.kind === "vanity" ? ref.vanity : ((await client.companies.get(ref)).universal_name ?? ref.id);
      posts = await client.posts.ofCompany(vanity, limit);
    } else posts = await client.posts.ofMember(await idOf(client, input), limit);
    if (!posts.length) throw new WelinkError("NO_ACTIVITY_FOUND", "No posts");
    return { posts };
  }),

  react_to_post: withClient(async (client, input) => ({
    post_id: postOf(input),
    reaction: str(input, "reaction") ?? "LIKE",
    ...(await client.posts.react(postOf(input), str(input, "reaction") ?? "LIKE")),
  })),

  comment_on_post: withClient(
    (client, input) => client.posts.comment(postOf(input), str(input, "text") ?? ""),
    async (client, input) => {
      const text = str(input, "text") ?? "";
      const mine = (await client.posts.comments(postOf(input), 0, 100)).find(
        (c) => c.author_profile_id === client.self.profileId && c.text === text,
      );
      return mine ?? null;
    },
  ),

  like_posts: withClient(async (client, input) => {
    const count = Math.max(1, Math.min(5, num(input, "count", 1)));
    const posts = (await client.posts.ofMember(await idOf(client, input), 20)).filter((p) => !p.reacted);
    if (!posts.length) throw new WelinkError("NO_POSTS_TO_LIKE", "The member has no posts left to like");
    const liked = [];
    for (const p of posts.slice(0, count)) {
      await client.posts.react(p.post_id, "LIKE");
      liked.push(p.post_id);
    }
    return { liked };
  }),

  endorse: withClient(
    async (client, input) => {
      const profileId = await idOf(client, input);
      const skills = await client.profiles.skills(profileId);
      const wanted = wantedSkills(input);
      const targets = skills.filter((s) => !s.endorsed_by_viewer && matches(s.name, wanted));
      if (!targets.length) throw new WelinkError("NO_SKILLS", "No skill left to endorse");
      for (const s of targets) await client.profiles.endorse(profileId, s.name);
      return { endorsed: targets.map((s) => s.name), profile_id: profileId };
    },
    // Done already when every skill asked for (or every skill) carries our endorsement.
    async (client, input) => {
      const profileId = await idOf(client, input);
      const asked = (await client.profiles.skills(profileId)).filter((s) => matches(s.name, wantedSkills(input)));
      return asked.length && asked.every((s) => s.endorsed_by_viewer)
        ? { endorsed: asked.map((s) => s.name), profile_id: profileId }
        : null;
    },
  ),

  follow_profile: withClient(async (client, input) => {
    const profile = await client.profiles.get({ kind: "id", id: await idOf(client, input) });
    if (profile.member_id === null) throw new WelinkError("BAD_REQUEST", "The profile has no member id");
    const follow = input.follow !== false;
    await client.profiles.follow(profile.member_id, follow);
    return { followed: follow, profile_id: profile.profile_id };
  }),
};
