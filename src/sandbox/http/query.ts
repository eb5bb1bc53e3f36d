/**
 * The query string, kept raw until a handler asks for a parameter: plain parameters are
 * percent-decoded, Rest.li ones (`variables=(…)`, `List(…)`) are parsed from the raw text,
 * because decoding first would turn an encoded URN's `%3A` into a structural `:`.
 */

import { SandboxRefusal } from "../world/refusal.ts";
import { parseRestli, RestliSyntaxError, type RestliValue } from "./restli.ts";

export class Query {
  private readonly raw = new Map<string, string>();

  constructor(search: string) {
    if (search === "") return;
    for (const part of search.split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      const key = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? "" : part.slice(eq + 1);
      const name = safeDecode(key);
      if (!this.raw.has(name)) this.raw.set(name, value);
    }
  }

  has(name: string): boolean {
    return this.raw.has(name);
  }

  rawValue(name: string): string | undefined {
    return this.raw.get(name);
  }

  /** The decoded value, or undefined. */
  get(name: string): string | undefined {
    const v = this.raw.get(name);
    return v === undefined ? undefined : safeDecode(v);
  }

  /** A non-negative integer parameter with a default. */
  int(name: string, fallback: number): number {
    const v = this.get(name);
    if (v === undefined || v === "") return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer`);
    return n;
  }

  /** A Rest.li value parsed from the raw text, or undefined when absent. */
  restli(name: string): RestliValue | undefined {
    const v = this.raw.get(name);
    if (v === undefined) return undefined;
    try {
      return parseRestli(v);
    } catch (err) {
      if (err instanceof RestliSyntaxError) throw badRequest(`${name}: ${err.message}`);
      throw err;
    }
  }
}

function safeDecode(v: string): string {
  if (!v.includes("%")) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    throw badRequest("bad percent-encoding in the query string");
  }
}

export function badRequest(message: string): SandboxRefusal {
  return new SandboxRefusal("BAD_REQUEST", message, 400);
}
