/**
 * Rest.li 2.0 URL encoding, as LinkedIn's web client writes it (voyager.md §2.1).
 * The structure — `List(…)`, `(key:value)`, commas and colons — stays literal; every
 * value inside is percent-encoded, parentheses included, because a URN such as
 * `urn:li:msg_conversation:(a,b)` would otherwise be read as structure. Generic URL
 * builders get this wrong (they encode the structure or leave the parentheses), which is
 * why the driver builds its query strings itself.
 */

export type RestliValue = string | number | boolean | RestliList | RestliRecord | null | undefined;
export interface RestliRecord {
  [key: string]: RestliValue;
}
export type RestliList = RestliValue[];

/** Percent-encodes a scalar completely: `encodeURIComponent` plus `( ) ! * '`. */
export function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[()!*']/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** Encodes any value in Rest.li syntax; `null`/`undefined` record fields are left out. */
export function encodeRestli(value: RestliValue): string {
  if (Array.isArray(value)) return `List(${value.map(encodeRestli).join(",")})`;
  if (value !== null && typeof value === "object") return encodeRecord(value);
  if (value === null || value === undefined) return "";
  // Rest.li writes the empty string as two single quotes.
  if (value === "") return "''";
  return encodeValue(String(value));
}

export function encodeRecord(record: RestliRecord): string {
  const parts: string[] = [];
  for (const [key, v] of Object.entries(record)) {
    if (v === undefined || v === null) continue;
    parts.push(`${encodeValue(key)}:${encodeRestli(v)}`);
  }
  return `(${parts.join(",")})`;
}

/**
 * Builds a query string from raw values: records and lists are Rest.li-encoded, scalars
 * are percent-encoded. Undefined values are skipped. Returns "" or "a=b&c=d" (no "?").
 */
export function buildQuery(params: Record<string, RestliValue>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    parts.push(`${encodeValue(key)}=${encodeRestli(value)}`);
  }
  return parts.join("&");
}

/**
 * Parses one Rest.li value back (used by tests and by tolerant readers of URNs in
 * responses). `List(a,b)` → array, `(k:v)` → object, anything else → decoded string.
 */
export function decodeRestli(text: string): RestliValue {
  let pos = 0;
  const parseValue = (): RestliValue => {
    if (text.startsWith("List(", pos)) {
      pos += 5;
      const items: RestliValue[] = [];
      if (text[pos] === ")") {
        pos++;
        return items;
      }
      for (;;) {
        items.push(parseValue());
        const c = text[pos++];
        if (c === ")") return items;
        if (c !== ",") throw new Error(`Rest.li: expected , or ) at ${pos - 1}`);
      }
    }
    if (text[pos] === "(") {
      pos++;
      const record: RestliRecord = {};
      if (text[pos] === ")") {
        pos++;
        return record;
      }
      for (;;) {
        const colon = text.indexOf(":", pos);
        if (colon < 0) throw new Error("Rest.li: expected :");
        const key = decodeURIComponent(text.slice(pos, colon));
        pos = colon + 1;
        record[key] = parseValue();
        const c = text[pos++];
        if (c === ")") return record;
        if (c !== ",") throw new Error(`Rest.li: expected , or ) at ${pos - 1}`);
      }
    }
    const start = pos;
    while (pos < text.length && !",():".includes(text[pos] as string)) pos++;
    const raw = text.slice(start, pos);
    return raw === "''" ? "" : decodeURIComponent(raw);
  };
  const value = parseValue();
  if (pos !== text.length) throw new Error(`Rest.li: trailing text at ${pos}`);
  return value;
}

/** `urn:li:fsd_profile:ACoAA…` → `ACoAA…` (the last segment of a simple URN). */
export function urnId(urn: string): string {
  const i = urn.lastIndexOf(":");
  return i < 0 ? urn : urn.slice(i + 1);
}
