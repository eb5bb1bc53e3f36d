/**
 * LinkedIn Recruiter (`/talent/api/`, sandbox-defined paths in LinkedIn's style). A
 * Recruiter session is its own cookie (`li_rt`) per contract; LinkedIn allows one per
 * member, so logging in while another is live needs acknowledgement
 * (RECRUITER_ACKNOWLEDGEMENT_REQUIRED), and a session taken over by another is
 * RECRUITER_AUTH_REQUIRED on the next call. Every action first ensures the session.
 */
import { WelinkError } from "../../errors/index.ts";
import { actionValue, elementsOf, type JsonObject, optBool, optNumber, optString, restliRoot } from "../envelope.ts";
import { buildQuery, encodeRestli, encodeValue, type RestliRecord, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { leadQueryRecord, parseRecruiterSearchUrl } from "./lead-search-url.ts";
import { type Paged, type PagingOptions, pageThrough } from "./paging.ts";
import { expectOk, type RefusalTable } from "./refusals.ts";

/** Results a Recruiter query reaches (as flagship search). */
export const RECRUITER_CAP = 1000;

export const RECRUITER_REFUSALS: RefusalTable = {
  codes: {
    RECRUITER_LOGIN_SUBMISSION_FAILED: "RECRUITER_LOGIN_SUBMISSION_FAILED",
    RECRUITER_ACKNOWLEDGEMENT_REQUIRED: "RECRUITER_ACKNOWLEDGEMENT_REQUIRED",
    RECRUITER_AUTH_REQUIRED: "RECRUITER_AUTH_REQUIRED",
    NOT_ENOUGH_INMAIL_CREDIT: "NOT_ENOUGH_INMAIL_CREDIT",
    DATAFETCHINGEXCEPTION: "DATAFETCHINGEXCEPTION",
    // A contract that is not this seat's cannot be used to act.
    FORBIDDEN: "RECRUITER_LOGIN_SUBMISSION_FAILED",
    PROFILE_NOT_FOUND: "PROFILE_NOT_FOUND",
    BAD_REQUEST: "UNKNOWN_SEARCH_URL",
  },
  statuses: {
    "recruiter.contracts": { 403: "RECRUITER_LOGIN_SUBMISSION_FAILED" },
    "recruiter.login": { 403: "RECRUITER_LOGIN_SUBMISSION_FAILED", 409: "RECRUITER_ACKNOWLEDGEMENT_REQUIRED" },
    "recruiter.message": { 402: "NOT_ENOUGH_INMAIL_CREDIT" },
    "recruiter.profile": { 404: "PROFILE_NOT_FOUND" },
  },
};

export interface Contract {
  contract_id: string;
  name: string | null;
  category: string | null;
  sso_enabled: boolean;
}

export interface Candidate {
  recruiter_id: string;
  first_name: string | null;
  last_name: string | null;
  headline: string | null;
  profile_url: string | null;
}

export interface RecruiterMessage {
  message_id: string;
  thread_id: string;
  /** `urn:li:ts_profile:AEMAA…` of the author. */
  author: string | null;
  subject: string | null;
  text: string;
  sent_at: number | null;
}

/** `urn:li:ts_profile:AEMAA…` of a candidate given by id or URN. */
function talentUrnOf(recruiterId: string): string {
  return `urn:li:ts_profile:${recruiterId.replace(/^urn:li:ts_profile:/, "")}`;
}

export function contractUrnOf(id: string): string {
  const bare = id.replace(/^urn:li:ts_contract:/, "");
  if (!/^\d+$/.test(bare))
    throw new WelinkError("RECRUITER_LOGIN_SUBMISSION_FAILED", `Not a Recruiter contract id: ${id}`);
  return `urn:li:ts_contract:${bare}`;
}

function readCandidate(x: JsonObject): Candidate {
  const urn = optString(x, "entityUrn") ?? "";
  return {
    recruiter_id: urnId(urn),
    first_name: optString(x, "firstName") ?? null,
    last_name: optString(x, "lastName") ?? null,
    headline: optString(x, "headline") ?? null,
    profile_url: optString(x, "flagshipProfileUrl") ?? null,
  };
}

export class Recruiter {
  constructor(private readonly ctx: FamilyContext) {}

  /** The contract the session's `li_rt` belongs to (persisted, so a restart reuses the session). */
  private get contract(): string | null {
    return this.ctx.state.recruiterContract ?? null;
  }

  private set contract(value: string | null) {
    if (value === null) delete this.ctx.state.recruiterContract;
    else this.ctx.state.recruiterContract = value;
  }

  async contracts(): Promise<Contract[]> {
    const op = "recruiter.contracts";
    const v = this.ctx.voyager;
    return v.run(op, {
      talent: async (step) => {
        const root = restliRoot(expectOk(op, await v.call(op, step, { query: "q=currentMember" }), RECRUITER_REFUSALS));
        return elementsOf(root, op).map((c) => ({
          contract_id: urnId(optString(c, "contractUrn") ?? ""),
          name: optString(c, "name") ?? null,
          category: optString(c, "category") ?? null,
          sso_enabled: optBool(c, "ssoEnabled") ?? false,
        }));
      },
    });
  }

  /**
   * Opens the Recruiter session of a contract (no-op when it is the current one).
   * `acknowledge` ends another live Recruiter session of the member, as the UI's
   * "continue here" button does.
   */
  async open(contractId: string, acknowledge = false): Promise<void> {
    const contractUrn = contractUrnOf(contractId);
    const jar = this.ctx.voyager.transport.jar;
    if (this.contract === contractUrn && jar.get("li_rt")) return;
    if (!this.ctx.self.recruiter) {
      throw new WelinkError("RECRUITER_LOGIN_SUBMISSION_FAILED", "This account has no Recruiter seat");
    }
    const op = "recruiter.login";
    const v = this.ctx.voyager;
    await v.run(op, {
      talent: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: "action=login",
          body: JSON.stringify({ contractUrn, acknowledgeExistingSession: acknowledge }),
        });
        expectOk(op, res, RECRUITER_REFUSALS);
        if (!jar.get("li_rt"))
          throw new WelinkError("RECRUITER_LOGIN_SUBMISSION_FAILED", "Recruiter login set no session");
      },
    });
    this.contract = contractUrn;
    await this.ctx.saveState();
  }

  private async guarded<T>(contractId: string, work: () => Promise<T>): Promise<T> {
    await this.open(contractId);
    try {
      return await work();
    } catch (error) {
      // Taken over by another session: forget ours so the next call logs in (and meets
      // the acknowledgement question) instead of reusing a dead cookie.
      if (error instanceof WelinkError && error.code === "RECRUITER_AUTH_REQUIRED") this.contract = null;
      throw error;
    }
  }

  async credits(contractId: string): Promise<{ credit_balance: number; next_refresh_date: number | null }> {
    return this.guarded(contractId, async () => {
      const op = "recruiter.credits";
      const v = this.ctx.voyager;
      return v.run(op, {
        talent: async (step) => {
          const query = `contractUrn=${encodeValue(contractUrnOf(contractId))}`;
          const root = restliRoot(expectOk(op, await v.call(op, step, { query }), RECRUITER_REFUSALS));
          return {
            credit_balance: optNumber(root, "creditBalance") ?? 0,
            next_refresh_date: optNumber(root, "nextRefreshDate") ?? null,
          };
        },
      });
    });
  }

  /**
   * Recruiter search from a `/talent/search…` URL (keywords, Rest.li `query`, or legacy
   * facets: lead-search-url.ts), 25 a page up to `limit` and the 1,000-result cap.
   */
  async search(contractId: string, url: string, options: PagingOptions = {}): Promise<Paged<Candidate>> {
    const parsed = parseRecruiterSearchUrl(url);
    const query = leadQueryRecord(parsed.query);
    const fetchPage = async (start: number) => {
      const page = await this.find(contractId, query, start, 25);
      return { items: page.results, total: page.total };
    };
    return pageThrough(options.start ?? parsed.start, options.limit ?? 25, RECRUITER_CAP, fetchPage, options.pace);
  }

  /** One page of Recruiter search, by keywords or by a full query record. */
  async find(
    contractId: string,
    keywords: string | RestliRecord | undefined,
    start = 0,
    count = 25,
  ): Promise<{ results: Candidate[]; total: number }> {
    const query = typeof keywords === "object" ? keywords : { keywords };
    return this.guarded(contractId, async () => {
      const op = "recruiter.search";
      const v = this.ctx.voyager;
      return v.run(op, {
        talent: async (step) => {
          const q = `q=recruiterSearch&query=${encodeRestli(query)}&${buildQuery({ start, count })}`;
          const root = restliRoot(expectOk(op, await v.call(op, step, { query: q }), RECRUITER_REFUSALS));
          return {
            results: elementsOf(root, op).map(readCandidate),
            total: optNumber(root.paging as JsonObject, "total") ?? 0,
          };
        },
      });
    });
  }

  /**
   * The Recruiter id (`AEMAA…`) of a member known by name and public identifier: Recruiter
   * has no public mapping from `ACoAA…`, so it is found by name and matched on the
   * profile URL Recruiter shows (voyager.md §5).
   */
  async candidateFor(
    contractId: string,
    member: { firstName: string; lastName: string; publicIdentifier: string },
  ): Promise<string> {
    const { results } = await this.find(contractId, `${member.firstName} ${member.lastName}`.trim(), 0, 25);
    const hit = results.find((c) => c.profile_url?.replace(/\/$/, "").endsWith(`/in/${member.publicIdentifier}`));
    if (!hit) throw new WelinkError("PROFILE_NOT_FOUND", `${member.publicIdentifier} was not found in Recruiter`);
    return hit.recruiter_id;
  }

  /** The Recruiter conversation with a candidate under the contract, oldest first ([] when none). */
  async conversation(contractId: string, recruiterId: string): Promise<RecruiterMessage[]> {
    return this.guarded(contractId, async () => {
      const op = "recruiter.conversation";
      const v = this.ctx.voyager;
      return v.run(op, {
        talent: async (step) => {
          const q = buildQuery({
            q: "conversation",
            contractUrn: contractUrnOf(contractId),
            recipient: talentUrnOf(recruiterId),
          });
          const root = restliRoot(expectOk(op, await v.call(op, step, { query: q }), RECRUITER_REFUSALS));
          return elementsOf(root, op).map((m) => ({
            message_id: optString(m, "messageId") ?? "",
            thread_id: optString(m, "threadId") ?? "",
            author: optString(m, "author") ?? null,
            subject: optString(m, "subject") ?? null,
            text: optString(m, "body") ?? "",
            sent_at: optNumber(m, "deliveredAt") ?? null,
          }));
        },
      });
    });
  }

  /**
   * The message with this subject and body (signature appended, as Recruiter stores it)
   * sent to the candidate under the contract at or after `since` (our clock, moved onto
   * LinkedIn's by the skew the transport measured, less the Date header's grain), or null:
   * the exactly-once check of an InMail whose outcome is unknown.
   */
  async findMessage(
    contractId: string,
    recruiterId: string,
    sent: { subject: string; body: string; signature?: string },
    since: number,
  ): Promise<{ message_id: string; thread_id: string } | null> {
    const text = [sent.body, sent.signature].filter((s) => s !== undefined && s !== "").join("\n\n");
    const from = this.ctx.voyager.transport.onServerClock(since);
    const messages = await this.conversation(contractId, recruiterId);
    const found = messages.find(
      (m) => m.text === text && (m.subject ?? "") === sent.subject && (m.sent_at ?? from) >= from,
    );
    return found ? { message_id: found.message_id, thread_id: found.thread_id } : null;
  }

  /** Sends a Recruiter InMail to a candidate (`AEMAA…` id or its `ts_profile` URN). */
  async message(input: {
    contractId: string;
    recruiterId: string;
    subject: string;
    body: string;
    signature?: string;
  }): Promise<{ message_id: string; thread_id: string }> {
    return this.guarded(input.contractId, async () => {
      const op = "recruiter.message";
      const v = this.ctx.voyager;
      return v.run(op, {
        talent: async (step) => {
          const res = await v.call(op, step, {
            method: "POST",
            query: "action=create",
            body: JSON.stringify({
              contractUrn: contractUrnOf(input.contractId),
              recipient: talentUrnOf(input.recruiterId),
              subject: input.subject,
              body: input.body,
              signature: input.signature ?? "",
            }),
          });
          const value = actionValue(expectOk(op, res, RECRUITER_REFUSALS));
          return { message_id: optString(value, "messageId") ?? "", thread_id: optString(value, "threadId") ?? "" };
        },
      });
    });
  }
}
