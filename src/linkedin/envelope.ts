/**
 * Reading LinkedIn's answers tolerantly (voyager.md §2.3, §6 takeaway 5): the same data
 * comes flat (`application/json`), normalized (`{data, included}` with `*key` references)
 * or GraphQL-wrapped (`data.<root>`, or `data.data.<root>` when normalized), with `$type`
 * or `_type`. Families read through these helpers and never see the envelope.
 * A body that is not what the operation expects throws `ShapeError`; the operation runner
 * turns it into LINKEDIN_SCHEMA_CHANGED naming the operation.
 */
import type { WireResponse } from "./transport/http.ts";

export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapeError";
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a JSON body; HTML or garbage is a ShapeError. An empty body is `{}`. */
export function parseJson(res: WireResponse): Json {
  const text = res.body.trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new ShapeError(`${res.what} answered ${res.status} with a body that is not JSON`);
  }
}

/** Resolves `*key` references of a normalized envelope against `included`, recursively. */
export function denormalize(data: Json, included: Json[]): Json {
  const byUrn = new Map<string, JsonObject>();
  for (const item of included) {
    if (isObject(item) && typeof item.entityUrn === "string") byUrn.set(item.entityUrn, item);
  }
  const seen = new Set<JsonObject>();
  const walk = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(walk);
    if (!isObject(value)) return value;
    if (seen.has(value)) return value;
    seen.add(value);
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      if (key.startsWith("*") && key.length > 1) {
        const name = key.slice(1);
        const resolve = (ref: Json): Json => (typeof ref === "string" ? walk(byUrn.get(ref) ?? null) : walk(ref));
        out[name] = Array.isArray(v) ? v.map(resolve) : resolve(v);
      } else out[key] = walk(v);
    }
    return out;
  };
  return walk(data);
}

/** The root of a Rest.li answer in any envelope: the collection, entity or `{value}`. */
export function restliRoot(res: WireResponse): JsonObject {
  const json = parseJson(res);
  if (!isObject(json)) throw new ShapeError(`${res.what}: the answer is not an object`);
  if (Array.isArray(json.included) && "data" in json) {
    const data = denormalize(json.data ?? null, json.included);
    if (!isObject(data)) throw new ShapeError(`${res.what}: normalized data is not an object`);
    return data;
  }
  return json;
}

/** An action's `value` (`{value}` flat, or the ActionResponse's `value` when normalized). */
export function actionValue(res: WireResponse): JsonObject {
  const root = restliRoot(res);
  const value = root.value;
  if (isObject(value)) return value;
  throw new ShapeError(`${res.what}: the action answer has no value`);
}

export interface GraphqlError {
  message: string;
  code?: string;
  classification?: string;
}

export interface GraphqlAnswer {
  root: Json | undefined;
  errors: GraphqlError[];
}

/** A GraphQL answer in any envelope: `data.<root>` or `data.data.<root>`, plus `errors`. */
export function graphqlRoot(res: WireResponse, rootName: string): GraphqlAnswer {
  const json = parseJson(res);
  if (!isObject(json)) throw new ShapeError(`${res.what}: the answer is not an object`);
  let data: Json | undefined = json.data;
  let errors: Json | undefined = json.errors;
  if (Array.isArray(json.included) && isObject(json.data) && "data" in json.data) {
    errors = json.data.errors ?? errors;
    data = denormalize(json.data.data ?? null, json.included);
  }
  const list: GraphqlError[] = [];
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (!isObject(e)) continue;
      const ext = isObject(e.extensions) ? e.extensions : {};
      const item: GraphqlError = { message: typeof e.message === "string" ? e.message : "" };
      if (typeof ext.code === "string") item.code = ext.code;
      if (typeof ext.classification === "string") item.classification = ext.classification;
      list.push(item);
    }
  }
  const root = isObject(data) ? data[rootName] : undefined;
  return { root, errors: list };
}

/** The `code` of an error body: `{code}` flat or `{data:{code}}` normalized. */
export function bodyCode(res: WireResponse): string | undefined {
  const text = res.body.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const json = JSON.parse(text) as Json;
    if (!isObject(json)) return undefined;
    if (typeof json.code === "string") return json.code;
    if (isObject(json.data) && typeof json.data.code === "string") return json.data.code;
  } catch {
    return undefined;
  }
  return undefined;
}

/** The `message` of an error body, for error details. */
export function bodyMessage(res: WireResponse): string | undefined {
  try {
    const json = JSON.parse(res.body) as Json;
    if (isObject(json) && typeof json.message === "string") return json.message;
    if (isObject(json) && isObject(json.data) && typeof json.data.message === "string") return json.data.message;
  } catch {
    return undefined;
  }
  return undefined;
}

// Field readers: `need*` throws ShapeError (a field the operation cannot do without),
// `opt*` returns undefined. `where` names the object for the error message.

export function needObject(o: JsonObject, key: string, where: string): JsonObject {
  const v = o[key];
  if (!isObject(v)) throw new ShapeError(`${where}: missing object ${key}`);
  return v;
}

export function needArray(o: JsonObject, key: string, where: string): Json[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new ShapeError(`${where}: missing list ${key}`);
  return v;
}

export function needString(o: JsonObject, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new ShapeError(`${where}: missing text ${key}`);
  return v;
}

export function optString(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === "string" ? v : undefined;
}

export function optNumber(o: JsonObject | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === "number" ? v : undefined;
}

export function optBool(o: JsonObject | undefined, key: string): boolean | undefined {
  const v = o?.[key];
  return typeof v === "boolean" ? v : undefined;
}

export function optObject(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
}

export function objects(list: Json[] | undefined): JsonObject[] {
  return (list ?? []).filter(isObject);
}

/** `{text:"…"}` view models (title, headline, …) or a plain string. */
export function textOf(value: Json | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (isObject(value)) {
    if (typeof value.text === "string") return value.text;
    if (isObject(value.text)) return textOf(value.text);
  }
  return undefined;
}

/** Elements of a collection root (`elements`, after denormalization). */
export function elementsOf(root: JsonObject, where: string): JsonObject[] {
  return objects(needArray(root, "elements", where));
}

export function pagingOf(root: JsonObject): { start: number; count: number; total?: number } {
  const p = optObject(root, "paging");
  const out: { start: number; count: number; total?: number } = {
    start: optNumber(p, "start") ?? 0,
    count: optNumber(p, "count") ?? 0,
  };
  const total = optNumber(p, "total");
  if (total !== undefined) out.total = total;
  return out;
}
