/** Cookie parsing and the `Set-Cookie` lines LinkedIn sends (sandbox-protocol.md §1.5, §2). */

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name !== "" && !(name in out)) out[name] = part.slice(eq + 1).trim();
  }
  return out;
}

/** `"ajax:123"` → `ajax:123` (browsers store JSESSIONID with its quotes). */
export function unquote(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

export const liAtCookie = (token: string) => `li_at=${token}; Path=/; HttpOnly; SameSite=None`;
export const jsessionCookie = (id: string) => `JSESSIONID="${id}"; Path=/; SameSite=None`;
/** What LinkedIn sends when it kills a session server-side. */
export const DELETE_LI_AT = "li_at=delete me; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

/** A fresh anonymous JSESSIONID value: `ajax:` and 19 digits. */
export function newJsessionId(): string {
  let digits = String(1 + Math.floor(Math.random() * 9));
  while (digits.length < 19) digits += String(Math.floor(Math.random() * 10));
  return `ajax:${digits}`;
}
