/**
 * Turning LinkedIn's refusals into catalogue codes. Each family declares ONE table of the
 * body codes its operations can meet (LinkedIn's `code` when it has one; the status only
 * where LinkedIn sends none) and raises through these helpers, so the whole mapping of a
 * family is one readable object, unit-tested as a table. Anything not in the table is an
 * answer welink does not know: LINKEDIN_SCHEMA_CHANGED, naming the operation.
 */
import { type ErrorCode, WelinkError } from "../../errors/index.ts";
import { bodyCode, bodyMessage, type GraphqlError } from "../envelope.ts";
import type { WireResponse } from "../transport/http.ts";

export interface RefusalTable {
  /** LinkedIn's body `code` (or GraphQL `extensions.code`) → catalogue code. */
  codes: Partial<Record<string, ErrorCode>>;
  /** Per operation, body codes whose meaning differs from the family's default. */
  operationCodes?: Partial<Record<string, Partial<Record<string, ErrorCode>>>>;
  /** Per operation, HTTP status without a known code → catalogue code. */
  statuses?: Partial<Record<string, Partial<Record<number, ErrorCode>>>>;
}

/** The catalogue code for LinkedIn's body `code` in operation `op`, if the table knows it. */
export function mapCode(op: string, code: string | undefined, table: RefusalTable): ErrorCode | undefined {
  if (!code) return undefined;
  return table.operationCodes?.[op]?.[code] ?? table.codes[code];
}

export function refusal(op: string, res: WireResponse, table: RefusalTable): WelinkError {
  const code = bodyCode(res);
  const message = bodyMessage(res);
  const mapped = mapCode(op, code, table);
  if (mapped) return new WelinkError(mapped, `${op}: ${message ?? code}`);
  const byStatus = table.statuses?.[op]?.[res.status];
  if (byStatus) return new WelinkError(byStatus, `${op}: LinkedIn answered ${res.status}${code ? ` ${code}` : ""}`);
  // An unknown code on a server error is still a server error: retryable, not drift.
  if (res.status >= 500)
    return new WelinkError("INTERNAL_ERROR", `${op}: LinkedIn answered ${res.status} ${code ?? ""}`.trim());
  return new WelinkError(
    "LINKEDIN_SCHEMA_CHANGED",
    `${op}: unexpected answer ${res.status}${code ? ` ${code}` : ""} from ${res.what}`,
  );
}

/** Throws the mapped refusal unless the answer is 2xx. */
export function expectOk(op: string, res: WireResponse, table: RefusalTable): WireResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw refusal(op, res, table);
}

/** GraphQL `errors` (HTTP 200) → the mapped code, or LINKEDIN_SCHEMA_CHANGED. */
export function graphqlRefusal(op: string, errors: GraphqlError[], table: RefusalTable): WelinkError {
  for (const e of errors) {
    const mapped = mapCode(op, e.code, table);
    if (mapped) return new WelinkError(mapped, `${op}: ${e.message || e.code}`);
  }
  const first = errors[0];
  return new WelinkError(
    "LINKEDIN_SCHEMA_CHANGED",
    `${op}: GraphQL error ${first?.code ?? first?.classification ?? ""} ${first?.message ?? ""}`.trim(),
  );
}
