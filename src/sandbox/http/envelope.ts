/**
 * The three `accept`-dependent envelopes of LinkedIn's web API (sandbox-protocol.md §1.3).
 * Handlers build one tree in which entities are objects carrying `$type` and `entityUrn`;
 * this module writes that tree normalized (`data` + `included` + `*refs`), flat, or flat
 * with GraphQL's `_type`.
 */

export type AcceptMode = "normalized" | "json" | "graphql";

export function acceptMode(accept: string | undefined): AcceptMode {
  if (accept === undefined) return "json";
  if (accept.includes("normalized")) return "normalized";
  if (accept.includes("application/graphql")) return "graphql";
  return "json";
}

type Obj = Record<string, unknown>;

function isEntity(v: unknown): v is Obj {
  return (
    typeof v === "object" && v !== null && !Array.isArray(v) && "$type" in v && typeof (v as Obj).entityUrn === "string"
  );
}

/**
 * Move every entity below the root to `included` (deduplicated by URN), leaving `*key`
 * references behind. The root itself stays in `data`.
 */
export function normalize(root: unknown): { data: unknown; included: Obj[] } {
  const included = new Map<string, Obj>();
  // An action's value stays inline in `data.value` (only what it nests is moved).
  if (isEntity(root) || !isActionResponse(root)) {
    return { data: strip(root, included), included: [...included.values()] };
  }
  const { value, ...rest } = root as Obj;
  const data = strip(rest, included) as Obj;
  data.value = strip(value, included);
  return { data, included: [...included.values()] };
}

function isActionResponse(v: unknown): boolean {
  return typeof v === "object" && v !== null && (v as Obj).$type === "com.linkedin.restli.common.ActionResponse";
}

function include(entity: Obj, included: Map<string, Obj>): string {
  const urn = entity.entityUrn as string;
  if (!included.has(urn)) {
    // Reserve the slot first so a cycle cannot recurse forever.
    included.set(urn, entity);
    const stripped = strip(entity, included) as Obj;
    stripped.$recipeTypes ??= [];
    stripped.$anti_abuse_annotations ??= [];
    included.set(urn, stripped);
  }
  return urn;
}

function strip(value: unknown, included: Map<string, Obj>): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v, included));
  if (typeof value !== "object" || value === null) return value;
  const out: Obj = {};
  for (const key in value as Obj) {
    const v = (value as Obj)[key];
    if (isEntity(v)) {
      out[`*${key}`] = include(v, included);
    } else if (Array.isArray(v) && v.length > 0 && v.every(isEntity)) {
      out[`*${key}`] = v.map((e) => include(e as Obj, included));
    } else {
      out[key] = strip(v, included);
    }
  }
  return out;
}

/** GraphQL in flat mode writes `_type` where the normalized mode writes `$type`. */
export function graphqlTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(graphqlTypes);
  if (typeof value !== "object" || value === null) return value;
  const out: Obj = {};
  for (const key in value as Obj) {
    out[key === "$type" ? "_type" : key] = graphqlTypes((value as Obj)[key]);
  }
  return out;
}

/** A Rest.li resource answer in the given mode. */
export function restliBody(root: unknown, mode: AcceptMode): unknown {
  if (mode !== "normalized") return root;
  return normalize(root);
}

export interface GraphqlError {
  message: string;
  extensions: { code: string; classification: string };
}

/** A GraphQL answer: `{data:{root}, errors?}` flat, or nested under `data` when normalized. */
export function graphqlBody(data: Obj | null, errors: GraphqlError[] | undefined, mode: AcceptMode): unknown {
  const payload: Obj = { data };
  if (errors && errors.length > 0) payload.errors = errors;
  if (mode === "normalized") {
    const { data: stripped, included } = normalize(payload);
    return { data: stripped, included };
  }
  return graphqlTypes(payload);
}

/** A Rest.li error body: `{status,code,message}` or, normalized, `{data:{…},included:[]}`. */
export function errorBody(status: number, code: string | undefined, message: string, mode: AcceptMode): unknown {
  const body: Obj = { status };
  if (code !== undefined) body.code = code;
  body.message = message;
  return mode === "normalized" ? { data: body, included: [] } : body;
}

/** A collection root, as Rest.li writes it. */
export function collection(elements: unknown[], start: number, count: number, total: number, metadata?: Obj): Obj {
  const root: Obj = {
    $type: "com.linkedin.restli.common.CollectionResponse",
    elements,
    paging: { start, count, total, links: [] },
  };
  if (metadata) root.metadata = metadata;
  return root;
}

/** An action answer: `{value}`, which the normalized envelope wraps as an ActionResponse. */
export function actionValue(value: unknown): Obj {
  return { $type: "com.linkedin.restli.common.ActionResponse", value };
}
