import type { z } from "zod";
import type { ErrorCode } from "../errors/index.ts";
import type { Account, ApiKey, RequestRow } from "../store/types.ts";
import type { AppDeps } from "./deps.ts";
import { shapeOf } from "./fields.ts";

/**
 * The quota buckets the engine counts actions in (per account, per day/week/month).
 * `search` and `lead_search` count results rather than calls (see `ActionDef.perResult`).
 */
export const BUCKETS = [
  "invitation",
  "message",
  "inmail",
  "profile_view",
  "search",
  "lead_search",
  "post",
  "comment",
  "reaction",
  "endorsement",
  "follow",
  "event_invite",
  "company_invite",
] as const;
export type Bucket = (typeof BUCKETS)[number];

export type Tier = "sales_navigator" | "recruiter";

export type Family =
  | "accounts"
  | "connections"
  | "messaging"
  | "profiles"
  | "companies"
  | "groups"
  | "search"
  | "content"
  | "engagement"
  | "events"
  | "sales-navigator"
  | "recruiter"
  | "limits"
  | "webhooks";

/**
 * What the gateway checks about the account named by `accountId` before accepting the call:
 * - "ACTIVE": it must be ACTIVE (ACCOUNT_NOT_ACTIVE otherwise) — the default for async actions;
 * - "PIN_REQUIRED": it must wait for a PIN (login_code);
 * - "any": it must exist in the key's workspace, whatever its status;
 * - "none": the action takes no accountId.
 */
export type AccountRequirement = "ACTIVE" | "PIN_REQUIRED" | "any" | "none";

/** What a synchronous handler gets. */
export interface SyncContext {
  deps: AppDeps;
  workspaceId: string;
  apiKey: ApiKey;
  /** The id of this HTTP request (also in the x-request-id header). */
  requestId: string;
  now: number;
  /** The account named by `accountId`, already checked to belong to the workspace. */
  account: Account | null;
}

/** What an asynchronous `run`/`verify` gets from the engine (the integration phase extends it). */
export interface RunContext {
  deps: AppDeps;
  request: RequestRow;
  account: Account | null;
  signal?: AbortSignal;
  /**
   * Waits the account's page gap (pacing `page_min_gap_s`..`page_max_gap_s`); a paged read
   * (a search) calls it before every page after the first.
   */
  pace?: () => Promise<void>;
}

export interface ActionDef<S extends z.ZodType = z.ZodType> {
  name: string;
  family: Family;
  mode: "sync" | "async";
  /** One line for the OpenAPI document and the docs. */
  summary: string;
  input: S;
  /** Codes this action raises besides the codes every async action may raise. */
  codes: readonly ErrorCode[];
  bucket?: Bucket;
  /**
   * The bucket counts this action's results, not its calls (searches): before the run the
   * engine waits until the bucket has room for the request's `limit` (else `defaultLimit`),
   * capped at the bucket's smallest window, and runs with `limit` capped alike; after it,
   * the number of `results` returned is counted (at least one: an empty search is a search).
   */
  perResult?: { defaultLimit: number };
  tier?: Tier;
  /** Counts in the 150-per-hour message-sync window instead of the 100 action window. */
  messageSync?: boolean;
  /** Defaults: "ACTIVE" for async actions with an accountId, "any" for sync ones with one. */
  account?: AccountRequirement;
  /** login_v2 / login / login_cookie: the gateway creates the account row at enqueue. */
  createsAccount?: boolean;
  /**
   * Checks the gateway makes before accepting the call, beyond the schema, for failures that
   * must be answered at once with their own code (connect: CUSTOM_MESSAGE_TOO_LONG).
   * Throws a WelinkError.
   */
  precheck?: (input: z.output<S>) => void;
  handler?: (ctx: SyncContext, input: z.output<S>) => Promise<unknown>;
  run?: (ctx: RunContext, input: z.output<S>) => Promise<unknown>;
  verify?: (ctx: RunContext, input: z.output<S>) => Promise<unknown | null>;
  /**
   * A write that needs no `verify` because LinkedIn cannot repeat its side effect: a second
   * attempt skips what the first one did (an event or page invitation to a member already
   * invited is not sent again). Says why, for the docs and the exactly-once test.
   */
  repeatable?: string;
}

/** Codes any asynchronous action may end with (API.md, "Codes on every async action"). */
export const ASYNC_CODES: readonly ErrorCode[] = [
  "STATUS_429",
  "FUSE_LIMIT_EXCEEDED",
  "ACCOUNT_RESTRICTED",
  "PROXY_ERROR",
  "SESSION_EXPIRED",
  "QUEUE_TIMEOUT_THRESHOLD_EXCEEDED",
  "ACCOUNT_DISCONNECTED",
  "LINKEDIN_SCHEMA_CHANGED",
];

/** One catalogue entry. Checks at definition time what a typo would otherwise break at run time. */
export function defineAction<S extends z.ZodType>(def: ActionDef<S>): ActionDef<S> {
  if (!/^[a-z][a-z0-9_]*$/.test(def.name)) throw new Error(`catalogue: bad action name ${def.name}`);
  if (def.mode === "sync" && def.run) throw new Error(`catalogue: sync action ${def.name} has a run`);
  if (def.mode === "async" && def.handler) throw new Error(`catalogue: async action ${def.name} has a handler`);
  return def;
}

/** Every code an action may answer with (its own, plus the async ones when async). */
export function codesOf(def: ActionDef): ErrorCode[] {
  const all = def.mode === "async" ? [...def.codes, ...ASYNC_CODES] : [...def.codes];
  return [...new Set(all)];
}

/** Whether the input schema has an accountId field. */
export function takesAccount(def: ActionDef): boolean {
  return accountRequirement(def) !== "none";
}

export function accountRequirement(def: ActionDef): AccountRequirement {
  if (def.account) return def.account;
  const shape = shapeOf(def.input);
  const has = shape !== undefined && "accountId" in shape;
  if (!has) return "none";
  return def.mode === "async" ? "ACTIVE" : "any";
}
