/** A hand-made WireResponse for unit tests of the mapping tables (no network). */
import type { WireResponse } from "../../src/linkedin/transport/http.ts";

export function wire(
  status: number,
  body: unknown = "",
  extra: { headers?: Record<string, string>; location?: string; deleted?: string[]; contentType?: string } = {},
): WireResponse {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const res: WireResponse = {
    status,
    headers: extra.headers ?? {},
    body: text,
    contentType: extra.contentType ?? (typeof body === "string" ? "text/plain" : "application/json"),
    cookies: { set: [], deleted: extra.deleted ?? [] },
    what: "GET /voyager/api/test",
  };
  if (extra.location) res.location = extra.location;
  return res;
}
