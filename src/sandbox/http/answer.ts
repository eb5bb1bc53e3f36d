/**
 * What a handler returns. The server turns an Answer into bytes with the envelope the
 * request's `accept` asks for, so handlers never build envelopes or error bodies.
 */

import type { GraphqlError } from "./envelope.ts";

export type HeaderMap = Record<string, string | string[]>;

export type Answer =
  /** A Rest.li resource: enveloped by `accept`. */
  | { kind: "restli"; status?: number; body: unknown; headers?: HeaderMap }
  /** A GraphQL answer: `data` holds the root(s); refusals go in `errors` with HTTP 200. */
  | { kind: "graphql"; data: Record<string, unknown> | null; errors?: GraphqlError[] }
  /** JSON written as is, whatever the accept (Sales Navigator, Recruiter, login, control). */
  | { kind: "plain"; status?: number; body: unknown; headers?: HeaderMap }
  | { kind: "empty"; status: number; headers?: HeaderMap }
  | { kind: "text"; status: number; contentType: string; body: string; headers?: HeaderMap }
  | { kind: "redirect"; location: string; headers?: HeaderMap };

export const restli = (body: unknown, status?: number, headers?: HeaderMap): Answer => ({
  kind: "restli",
  body,
  ...(status !== undefined ? { status } : {}),
  ...(headers ? { headers } : {}),
});

export const plain = (body: unknown, status?: number, headers?: HeaderMap): Answer => ({
  kind: "plain",
  body,
  ...(status !== undefined ? { status } : {}),
  ...(headers ? { headers } : {}),
});

export const empty = (status: number, headers?: HeaderMap): Answer => ({
  kind: "empty",
  status,
  ...(headers ? { headers } : {}),
});

export const html = (body: string, status = 200, headers?: HeaderMap): Answer => ({
  kind: "text",
  status,
  contentType: "text/html; charset=utf-8",
  body,
  ...(headers ? { headers } : {}),
});

export const redirect = (location: string, headers?: HeaderMap): Answer => ({
  kind: "redirect",
  location,
  ...(headers ? { headers } : {}),
});

export const graphql = (data: Record<string, unknown>): Answer => ({ kind: "graphql", data });

export function graphqlError(code: string, message: string, classification = "ValidationError"): Answer {
  return { kind: "graphql", data: null, errors: [{ message, extensions: { code, classification } }] };
}
