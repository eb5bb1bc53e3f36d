/**
 * Sales Navigator (`/sales-api/`, plain JSON): lead profiles, lead search, its own inbox,
 * InMail credits. Every call first checks the seat (SALES_SEAT_REQUIRED) — from the
 * account's tiers, then from LinkedIn's own 403 if the seat was lost since login.
 */
import { WelinkError } from "../../errors/index.ts";
import {
  actionValue,
  elementsOf,
  type JsonObject,
  objects,
  optBool,
  optNumber,
  optString,
  restliRoot,
} from "../envelope.ts";
import { buildQuery, encodeRestli, type RestliValue, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { leadQueryRecord, parseSalesSearchUrl } from "./lead-search-url.ts";
import { type Paged, type PagingOptions, pageThrough } from "./paging.ts";
import { expectOk, type RefusalTable } from "./refusals.ts";

export const SALES_REFUSALS: RefusalTable = {
  codes: {
    SALES_SEAT_REQUIRED: "SALES_SEAT_REQUIRED",
    MESSAGE_VALIDATION_PLUGIN_ERROR: "MESSAGE_VALIDATION_PLUGIN_ERROR",
    THREAD_VALIDATION_PLUGIN_ERROR: "THREAD_VALIDATION_PLUGIN_ERROR",
    NOT_ENOUGH_INMAIL_CREDIT: "NOT_ENOUGH_INMAIL_CREDIT",
    BAD_REQUEST: "UNKNOWN_SEARCH_URL",
    PROFILE_NOT_FOUND: "PROFILE_NOT_FOUND",
  },
  statuses: {
    "sales.profile": { 404: "PROFILE_NOT_FOUND", 403: "SALES_SEAT_REQUIRED" },
    "sales.search": { 403: "SALES_SEAT_REQUIRED" },
    "sales.threads": { 403: "SALES_SEAT_REQUIRED" },
    "sales.messages": { 403: "SALES_SEAT_REQUIRED" },
    "sales.send": { 403: "SALES_SEAT_REQUIRED", 402: "NOT_ENOUGH_INMAIL_CREDIT" },
    "sales.credits": { 403: "SALES_SEAT_REQUIRED" },
  },
};

export const SALES_CAP = 2500;

export interface Lead {
  lead_urn: string;
  sales_id: string;
  member_id: number | null;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  headline: string | null;
  degree: number | null;
  pending_invitation: boolean;
  positions: { title: string | null; company: string | null }[];
  profile_url: string | null;
}

export interface SalesThread {
  thread_id: string;
  participants: string[];
  last_activity_at: number | null;
  subject: string | null;
}

export interface SalesMessage {
  message_id: string;
  author: string | null;
  text: string;
  subject: string | null;
  sent_at: number | null;
}

function readLead(x: JsonObject): Lead {
  const urn = optString(x, "entityUrn") ?? "";
  const salesId = /\((ACwAA[^,]+),/.exec(urn)?.[1] ?? optString(x, "profileId") ?? "";
  const objectUrn = optString(x, "objectUrn");
  return {
    lead_urn: urn,
    sales_id: salesId,
    member_id: objectUrn ? Number(urnId(objectUrn)) : null,
    first_name: optString(x, "firstName") ?? null,
    last_name: optString(x, "lastName") ?? null,
    full_name: optString(x, "fullName") ?? null,
    headline: optString(x, "headline") ?? null,
    degree: optNumber(x, "degree") ?? null,
    pending_invitation: optBool(x, "pendingInvitation") ?? false,
    positions: objects(Array.isArray(x.currentPositions) ? x.currentPositions : []).map((p) => ({
      title: optString(p, "title") ?? null,
      company: optString(p, "companyName") ?? null,
    })),
    profile_url: optString(x, "flagshipProfileUrl") ?? null,
  };
}

/** `/sales/search/people?query=(…)` → the Rest.li `query` record to send to salesApiLeadSearch. */
export function salesSearchQuery(url: string): { variant: "people" | "company"; query: RestliValue; start: number } {
  const parsed = parseSalesSearchUrl(url);
  return { variant: parsed.variant, query: leadQueryRecord(parsed.query), start: parsed.start };
}

export class SalesNavigator {
  constructor(private readonly ctx: FamilyContext) {}

  private seat(): void {
    if (!this.ctx.self.salesNavigator)
      throw new WelinkError("SALES_SEAT_REQUIRED", "This account has no Sales Navigator seat");
  }

  async profile(salesId: string, authToken = "", authType = "NAME_SEARCH"): Promise<Lead> {
    this.seat();
    const op = "sales.profile";
    const v = this.ctx.voyager;
    const key = encodeRestli({ profileId: salesId, authType, authToken });
    return v.run(op, {
      sales: async (step) => {
        const query =
          "decoration=(entityUrn,objectUrn,firstName,lastName,fullName,headline,degree,location,flagshipProfileUrl)";
        return readLead(restliRoot(expectOk(op, await v.call(op, step, { params: { key }, query }), SALES_REFUSALS)));
      },
    });
  }

  /** Lead search from a Sales Navigator URL: 25 a page, up to 2,500. */
  async search(url: string, options: PagingOptions = {}): Promise<Paged<Lead>> {
    this.seat();
    const { query, start: first } = salesSearchQuery(url);
    const op = "sales.search";
    const v = this.ctx.voyager;
    const fetchPage = (start: number) =>
      v.run(op, {
        sales: async (step) => {
          const q = `q=searchQuery&query=${encodeRestli(query)}&${buildQuery({ start, count: 25 })}`;
          const root = restliRoot(expectOk(op, await v.call(op, step, { query: q }), SALES_REFUSALS));
          return {
            items: elementsOf(root, op).map(readLead),
            total: optNumber(root.paging as JsonObject, "total") ?? 0,
          };
        },
      });
    return pageThrough(options.start ?? first, options.limit ?? 25, SALES_CAP, fetchPage, options.pace);
  }

  async threads(start = 0, count = 20): Promise<SalesThread[]> {
    this.seat();
    const op = "sales.threads";
    const v = this.ctx.voyager;
    return v.run(op, {
      sales: async (step) => {
        const root = restliRoot(
          expectOk(op, await v.call(op, step, { query: buildQuery({ q: "inbox", start, count }) }), SALES_REFUSALS),
        );
        return elementsOf(root, op).map((t) => ({
          thread_id: optString(t, "id") ?? "",
          participants: (Array.isArray(t.participants) ? t.participants : []).filter(
            (p): p is string => typeof p === "string",
          ),
          last_activity_at: optNumber(t, "lastActivityAt") ?? null,
          subject: optString(t, "subject") ?? null,
        }));
      },
    });
  }

  async messages(threadId: string, start = 0, count = 20): Promise<SalesMessage[]> {
    this.seat();
    const op = "sales.messages";
    const v = this.ctx.voyager;
    return v.run(op, {
      sales: async (step) => {
        const res = await v.call(op, step, { params: { id: threadId }, query: buildQuery({ start, count }) });
        return elementsOf(restliRoot(expectOk(op, res, SALES_REFUSALS)), op).map((m) => ({
          message_id: optString(m, "id") ?? "",
          author: optString(m, "author") ?? null,
          text: optString(m, "body") ?? "",
          subject: optString(m, "subject") ?? null,
          sent_at: optNumber(m, "deliveredAt") ?? null,
        }));
      },
    });
  }

  /**
   * A message with this text in the thread, delivered at or after `since` (our clock, moved
   * onto LinkedIn's by the skew the transport measured, less the Date header's grain), or
   * null: the exactly-once check of a send whose outcome is unknown.
   */
  async findMessage(threadId: string, text: string, since = 0): Promise<SalesMessage | null> {
    const from = this.ctx.voyager.transport.onServerClock(since);
    const messages = await this.messages(threadId, 0, 40);
    return messages.find((m) => m.text === text && (m.sent_at ?? from) >= from) ?? null;
  }

  /** The most recent thread with a lead (its `ACwAA…` id), from the first pages of the inbox. */
  async findThreadWith(salesId: string, maxPages = 5): Promise<SalesThread | null> {
    for (let page = 0; page < maxPages; page++) {
      const threads = await this.threads(page * 20, 20);
      const hit = threads.find((t) => t.participants.some((p) => p.includes(salesId)));
      if (hit) return hit;
      if (threads.length < 20) break;
    }
    return null;
  }

  /** Sends in a thread, or a new InMail to leads (`recipients` are lead URNs). */
  async send(input: {
    threadId?: string;
    recipients?: string[];
    senderId?: string;
    subject?: string;
    body: string;
  }): Promise<{ thread_id: string; message_id: string; sent_at: number | null }> {
    this.seat();
    const op = "sales.send";
    const v = this.ctx.voyager;
    const body: JsonObject = { recipients: input.recipients ?? [], body: input.body };
    if (input.threadId) body.threadId = input.threadId;
    if (input.senderId) body.senderId = input.senderId;
    if (input.subject !== undefined) body.subject = input.subject;
    return v.run(op, {
      sales: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: "action=createMessage",
          body: JSON.stringify(body),
        });
        const value = actionValue(expectOk(op, res, SALES_REFUSALS));
        return {
          thread_id: optString(value, "threadId") ?? "",
          message_id: optString(value, "messageId") ?? "",
          sent_at: optNumber(value, "deliveredAt") ?? null,
        };
      },
    });
  }

  async credits(): Promise<{ credit_balance: number; next_refresh_date: number | null }> {
    this.seat();
    const op = "sales.credits";
    const v = this.ctx.voyager;
    return v.run(op, {
      sales: async (step) => {
        const root = restliRoot(expectOk(op, await v.call(op, step), SALES_REFUSALS));
        return {
          credit_balance: optNumber(root, "creditBalance") ?? 0,
          next_refresh_date: optNumber(root, "nextRefreshDate") ?? null,
        };
      },
    });
  }
}
