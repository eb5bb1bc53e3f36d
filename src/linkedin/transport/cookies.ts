/**
 * One account's cookie jar. LinkedIn is one site, so the jar keys cookies by name only
 * (the domain/path attributes are kept for serialisation but not used for matching):
 * the sandbox on 127.0.0.1 and www.linkedin.com behave the same. `JSESSIONID` keeps its
 * double quotes exactly as LinkedIn sets them; the csrf-token header is derived from it.
 * The jar is plain data so the session can persist it (encrypted) in the store and
 * revive it in another process.
 */

export interface StoredCookie {
  name: string;
  value: string;
  /** Epoch ms; absent = session cookie (kept until the jar is dropped). */
  expires?: number;
}

export interface SetCookieEffect {
  /** Names whose value was set. */
  set: string[];
  /** Names removed by the server (expired, Max-Age=0 or the `delete me` value). */
  deleted: string[];
}

/** LinkedIn kills a session by setting `li_at` to this value (voyager.md §1.5). */
export const DELETE_ME = "delete me";

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(initial: StoredCookie[] = []) {
    for (const c of initial) this.cookies.set(c.name, { ...c });
  }

  /**
   * Revives a jar from `toJSON()`'s list, or from a plain `{name: value}` map (what the
   * gateway stores for `login_cookie`: `{li_at, JSESSIONID}`).
   */
  static fromJSON(data: unknown): CookieJar {
    if (data && typeof data === "object" && !Array.isArray(data)) {
      const jar = new CookieJar();
      for (const [name, value] of Object.entries(data)) if (typeof value === "string") jar.set(name, value);
      return jar;
    }
    if (!Array.isArray(data)) return new CookieJar();
    const list: StoredCookie[] = [];
    for (const item of data) {
      if (item && typeof item === "object" && typeof item.name === "string" && typeof item.value === "string") {
        const c: StoredCookie = { name: item.name, value: item.value };
        if (typeof item.expires === "number") c.expires = item.expires;
        list.push(c);
      }
    }
    return new CookieJar(list);
  }

  toJSON(): StoredCookie[] {
    return [...this.cookies.values()].map((c) => ({ ...c }));
  }

  get(name: string, now?: number): string | undefined {
    const c = this.cookies.get(name);
    if (!c) return undefined;
    if (now !== undefined && c.expires !== undefined && c.expires <= now) return undefined;
    return c.value;
  }

  set(name: string, value: string, expires?: number): void {
    const c: StoredCookie = { name, value };
    if (expires !== undefined) c.expires = expires;
    this.cookies.set(name, c);
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }

  clear(): void {
    this.cookies.clear();
  }

  /** The `Cookie` request header, without expired cookies; "" when empty. */
  header(now: number): string {
    const parts: string[] = [];
    for (const c of this.cookies.values()) {
      if (c.expires !== undefined && c.expires <= now) continue;
      parts.push(`${c.name}=${c.value}`);
    }
    return parts.join("; ");
  }

  /**
   * Applies the `Set-Cookie` headers of one response. `serverDate` (the response's `Date`
   * header, epoch ms) makes `Expires` relative to the server's clock, so a skewed clock
   * on either side (the sandbox's clock is often set far from ours) neither keeps dead
   * cookies nor drops live ones.
   */
  apply(setCookies: string[], now: number, serverDate?: number): SetCookieEffect {
    const effect: SetCookieEffect = { set: [], deleted: [] };
    for (const line of setCookies) {
      const parsed = parseSetCookie(line, now, serverDate);
      if (!parsed) continue;
      const dead =
        parsed.value === DELETE_ME ||
        parsed.value === `"${DELETE_ME}"` ||
        (parsed.expires !== undefined && parsed.expires <= now);
      if (dead) {
        this.cookies.delete(parsed.name);
        effect.deleted.push(parsed.name);
      } else {
        this.cookies.set(parsed.name, parsed);
        effect.set.push(parsed.name);
      }
    }
    return effect;
  }
}

/** Parses one `Set-Cookie` line. Max-Age wins over Expires (RFC 6265 §5.3). */
export function parseSetCookie(line: string, now: number, serverDate?: number): StoredCookie | null {
  const [pair, ...attrs] = line.split(";");
  if (!pair) return null;
  const eq = pair.indexOf("=");
  if (eq <= 0) return null;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (!name) return null;
  const cookie: StoredCookie = { name, value };
  let maxAge: number | undefined;
  for (const attr of attrs) {
    const i = attr.indexOf("=");
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? "" : attr.slice(i + 1).trim();
    if (key === "max-age" && /^-?\d+$/.test(val)) maxAge = Number(val);
    else if (key === "expires") {
      const t = Date.parse(val);
      if (!Number.isNaN(t)) cookie.expires = serverDate === undefined ? t : now + (t - serverDate);
    }
  }
  if (maxAge !== undefined) cookie.expires = maxAge <= 0 ? now - 1 : now + maxAge * 1000;
  return cookie;
}

/** The csrf-token header: JSESSIONID without its quotes (voyager.md §1.2). */
export function csrfFromJsessionid(jsessionid: string | undefined): string | undefined {
  if (!jsessionid) return undefined;
  return jsessionid.replace(/^"|"$/g, "");
}
