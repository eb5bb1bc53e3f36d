import type { Member } from "../../../src/sandbox/world/types.ts";
import type { World } from "../../../src/sandbox/world/world.ts";
import type { Received } from "../../support/receiver.ts";
import type { TestWelink } from "../../support/welink.ts";

/**
 * Free generated members for scenarios that change an account for good (a weekly limit
 * reached, a burst block): one per name, distinct, able to log in. With `connections`,
 * only members holding exactly that many connections.
 */
export function generatedMembers(world: World, names: readonly string[], connections?: number): Record<string, Member> {
  const out: Record<string, Member> = {};
  const pool = world.members.list.filter(
    (m) =>
      m.memberId > 200_000 &&
      m.tier === "free" &&
      !m.restricted &&
      !m.needsPin &&
      (connections === undefined ? world.graph.count(m.memberId) >= 5 : world.graph.count(m.memberId) === connections),
  );
  // Spread over the world so two files or two names never meet.
  const step = Math.max(1, Math.floor(pool.length / (names.length + 1)));
  names.forEach((name, i) => {
    const m = pool[(i + 1) * step - 1];
    if (!m) throw new Error(`no generated member for ${name}`);
    out[name] = m;
  });
  return out;
}

/**
 * Waits for the webhook of a request. With `advanceMs`, welink's clock is moved ahead by
 * that much every 100 ms, so retries after cooldowns and queue timeouts
 * happen in seconds of real time.
 */
export function settle(
  w: TestWelink,
  requestId: string,
  advanceMs: number,
  advance: (ms: number) => void,
  timeoutMs = 30_000,
): Promise<Received> {
  return settleMatching(w, (e) => (e.body.requestId ?? e.body.request_id) === requestId, advanceMs, advance, timeoutMs);
}

/** As `settle`, for the first webhook that `match` accepts. */
export async function settleMatching(
  w: TestWelink,
  match: (e: Received) => boolean,
  advanceMs: number,
  advance: (ms: number) => void,
  timeoutMs = 30_000,
): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  let lastMove = Date.now();
  for (;;) {
    const found = w.receiver.events.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching webhook within ${timeoutMs} ms`);
    if (advanceMs > 0 && Date.now() - lastMove >= 100) {
      advance(advanceMs);
      lastMove = Date.now();
      // The engine looks for due work at least every second; tell it now that time moved.
      w.welink.engine?.wake();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The member opens LinkedIn Recruiter in a browser of their own and answers "continue
 * here": a session outside welink that takes the member's one Recruiter seat.
 */
export async function browserRecruiterLogin(sandboxUrl: string, email: string, contractUrn: string): Promise<void> {
  const first = await fetch(`${sandboxUrl}/uas/authenticate`);
  const jsession = cookie(first.headers.getSetCookie(), "JSESSIONID");
  const form = new URLSearchParams({
    session_key: email,
    session_password: "sandbox-password",
    JSESSIONID: jsession.replaceAll('"', ""),
  });
  const login = await fetch(`${sandboxUrl}/uas/authenticate`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `JSESSIONID=${jsession}` },
    body: form,
  });
  const set = login.headers.getSetCookie();
  const liAt = cookie(set, "li_at");
  const session = cookie(set, "JSESSIONID") || jsession;
  const response = await fetch(`${sandboxUrl}/talent/api/talentSessions?action=login`, {
    method: "POST",
    headers: {
      cookie: `li_at=${liAt}; JSESSIONID=${session}`,
      "csrf-token": session.replaceAll('"', ""),
      "x-restli-protocol-version": "2.0.0",
      "content-type": "application/json",
    },
    body: JSON.stringify({ contractUrn, acknowledgeExistingSession: true }),
  });
  if (response.status !== 200) throw new Error(`browser Recruiter login: ${response.status} ${await response.text()}`);
}

function cookie(setCookies: string[], name: string): string {
  for (const line of setCookies) {
    const [pair] = line.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1);
  }
  return "";
}
