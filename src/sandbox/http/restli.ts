/**
 * Rest.li 2.0 URL grammar, parsed strictly: records `(k:v,k2:v2)`, lists `List(a,b)`,
 * scalars percent-encoded inside them, `''` for the empty string. Strict on purpose: the
 * bugs real clients make (an unencoded URN inside a record, a `List()` mangled by a
 * query-string library) must fail here as they fail on LinkedIn, not pass silently.
 */

export type RestliValue = string | RestliValue[] | { [key: string]: RestliValue };

export class RestliSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`Invalid Rest.li syntax at ${at}: ${message}`);
    this.name = "RestliSyntaxError";
  }
}

/** Characters that may never appear raw in a scalar (they must be percent-encoded). */
const FORBIDDEN_RAW = new Set([" ", '"', "<", ">", "{", "}", "\\", "^", "`", "#", "&"]);

/** Parse one Rest.li value (the raw, still percent-encoded text of a query parameter). */
export function parseRestli(text: string): RestliValue {
  const parser = new Parser(text);
  const value = parser.value();
  if (parser.pos !== text.length) throw new RestliSyntaxError("trailing characters", parser.pos);
  return value;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  value(): RestliValue {
    const t = this.text;
    if (t.startsWith("List(", this.pos)) {
      this.pos += 5;
      return this.list();
    }
    if (t[this.pos] === "(") {
      this.pos += 1;
      return this.record();
    }
    return this.scalar();
  }

  private list(): RestliValue[] {
    const out: RestliValue[] = [];
    if (this.text[this.pos] === ")") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      const c = this.text[this.pos];
      this.pos++;
      if (c === ")") return out;
      if (c !== ",") throw new RestliSyntaxError("expected ',' or ')' in List", this.pos - 1);
    }
  }

  private record(): { [key: string]: RestliValue } {
    const out: { [key: string]: RestliValue } = {};
    if (this.text[this.pos] === ")") {
      this.pos++;
      return out;
    }
    for (;;) {
      const key = this.scalar();
      if (key === "") throw new RestliSyntaxError("empty key", this.pos);
      if (this.text[this.pos] !== ":") throw new RestliSyntaxError("expected ':' after key", this.pos);
      this.pos++;
      out[key] = this.value();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ")") return out;
      if (c !== ",") throw new RestliSyntaxError("expected ',' or ')' in record", this.pos - 1);
    }
  }

  private scalar(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t[this.pos] as string;
      if (c === "(" || c === ")" || c === "," || c === ":") break;
      if (FORBIDDEN_RAW.has(c)) throw new RestliSyntaxError(`raw '${c}' must be percent-encoded`, this.pos);
      this.pos++;
    }
    const raw = t.slice(start, this.pos);
    if (raw === "''") return "";
    if (raw.includes("'")) throw new RestliSyntaxError("a quote is only allowed as '' (empty string)", start);
    if (t[this.pos] === "(") throw new RestliSyntaxError("unexpected '('", this.pos);
    const decoded = decodeComponent(raw, start);
    // WHATWG URLs (fetch, undici) send `''` as `%27%27`: still the empty string.
    return decoded === "''" ? "" : decoded;
  }
}

function decodeComponent(raw: string, at: number): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RestliSyntaxError("bad percent-encoding", at);
  }
}

/** Encode a scalar for use inside a Rest.li structure. */
export function encodeScalar(value: string): string {
  if (value === "") return "''";
  return encodeURIComponent(value).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Encode a value as Rest.li 2.0 text (the inverse of parseRestli). */
export function encodeRestli(value: RestliValue): string {
  if (typeof value === "string") return encodeScalar(value);
  if (Array.isArray(value)) return `List(${value.map(encodeRestli).join(",")})`;
  const parts = Object.entries(value).map(([k, v]) => `${encodeScalar(k)}:${encodeRestli(v)}`);
  return `(${parts.join(",")})`;
}

/** A record field as a string, or undefined when absent or not a scalar. */
export function str(rec: RestliValue | undefined, key: string): string | undefined {
  if (rec === undefined || typeof rec === "string" || Array.isArray(rec)) return undefined;
  const v = rec[key];
  return typeof v === "string" ? v : undefined;
}

export function isRecord(v: RestliValue | undefined): v is { [key: string]: RestliValue } {
  return v !== undefined && typeof v === "object" && !Array.isArray(v);
}
