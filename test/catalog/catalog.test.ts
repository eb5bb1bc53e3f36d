import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument } from "../../src/api/openapi.ts";
import {
  accountRequirement,
  BUCKETS,
  buildCatalogue,
  CATALOGUE,
  codesOf,
  defineAction,
} from "../../src/catalog/index.ts";
import { isErrorCode } from "../../src/errors/index.ts";

/** Every endpoint of API.md except those other parts define (me, get/set_limits, webhook_*). */
const ENDPOINTS = `login_v2 login login_code login_cookie get_all_ln_accounts get_ln_account_details
disconnect_account profile_views inmail_credits recruiter_contracts recruiter_inmail_credits get_response
connect get_connection_status disconnect withdraw_invite connections pending_invites received_invites
accept_invite ignore_invite send_message_to_profile_id send_message_to_thread send_inmail_message
send_message_to_group_member send_message_to_event_member send_message_to_sales_navigator_thread
send_sales_navigator_inmail send_recruiter_message personal_message_threads personal_messages
sales_navigator_threads sales_navigator_messages get_active_tracker update_message_tracker wish_birthday
wish_work_anniversary wish_job_change greet_profiles get_profile_details get_profile_contact_details
view_profile get_company_details follow_company invite_to_follow_company groups get_group_details
group_members search search_groups search_posts search_events sales_navigator_search recruiter_search
create_post get_posts react_to_post comment_on_post like_posts endorse follow_profile events
get_event_details event_invite`.split(/\s+/);

describe("catalogue", () => {
  it("has an entry for every endpoint of the contract", () => {
    const missing = ENDPOINTS.filter((name) => !CATALOGUE.has(name));
    expect(missing).toEqual([]);
  });

  it("only names catalogued codes and known buckets", () => {
    for (const action of CATALOGUE.values()) {
      for (const code of codesOf(action)) expect(isErrorCode(code), `${action.name}: ${code}`).toBe(true);
      if (action.bucket) expect(BUCKETS).toContain(action.bucket);
    }
  });

  it("marks the message-sync endpoints, tiers and the synchronous endpoints", () => {
    const sync = [...CATALOGUE.values()].filter((a) => a.messageSync).map((a) => a.name);
    expect(sync.sort()).toEqual(
      ["personal_message_threads", "personal_messages", "sales_navigator_messages", "sales_navigator_threads"].sort(),
    );
    const modes = [...CATALOGUE.values()]
      .filter((a) => a.mode === "sync" && ENDPOINTS.includes(a.name))
      .map((a) => a.name);
    expect(modes.sort()).toEqual([
      "disconnect_account",
      "get_all_ln_accounts",
      "get_ln_account_details",
      "get_response",
    ]);
    expect(CATALOGUE.get("sales_navigator_search")!.tier).toBe("sales_navigator");
    expect(CATALOGUE.get("send_recruiter_message")!.tier).toBe("recruiter");
    expect(CATALOGUE.get("connect")!.bucket).toBe("invitation");
    expect(CATALOGUE.get("event_invite")!.bucket).toBe("event_invite");
  });

  it("derives what the gateway checks about the account", () => {
    expect(accountRequirement(CATALOGUE.get("connect")!)).toBe("ACTIVE");
    expect(accountRequirement(CATALOGUE.get("login_code")!)).toBe("PIN_REQUIRED");
    expect(accountRequirement(CATALOGUE.get("login_v2")!)).toBe("none");
    expect(accountRequirement(CATALOGUE.get("get_ln_account_details")!)).toBe("any");
    expect(accountRequirement(CATALOGUE.get("get_response")!)).toBe("none");
  });

  it("accepts a request id as requestId, requestID or request_id", () => {
    const schema = CATALOGUE.get("login_code")!.input;
    for (const key of ["requestId", "requestID", "request_id"]) {
      expect(schema.parse({ accountId: "a", code: "1", [key]: "r" })).toMatchObject({ requestId: "r" });
    }
    expect(schema.safeParse({ accountId: "a", code: "1" }).success).toBe(false);
  });

  it("requires one of alternative fields", () => {
    const schema = CATALOGUE.get("get_profile_details")!.input;
    expect(schema.safeParse({ accountId: "a" }).success).toBe(false);
    expect(schema.safeParse({ accountId: "a", public_identifier: "jane" }).success).toBe(true);
  });

  it("refuses duplicate names and bad definitions", () => {
    const a = defineAction({
      name: "x",
      family: "accounts",
      mode: "sync",
      summary: "",
      input: z.object({}),
      codes: [],
    });
    expect(() => buildCatalogue([[a], [a]])).toThrow(/twice/);
    expect(() =>
      defineAction({ name: "Bad-Name", family: "accounts", mode: "sync", summary: "", input: z.object({}), codes: [] }),
    ).toThrow();
  });

  it("generates an OpenAPI 3.1 document with a path, schema and codes per action", () => {
    const doc = openApiDocument(CATALOGUE) as {
      openapi: string;
      paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: object } }> } } }>;
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const name of CATALOGUE.keys()) expect(doc.paths[`/api/v1/${name}`], name).toBeDefined();
    const connect = doc.paths["/api/v1/connect"]!.post as unknown as Record<string, unknown>;
    expect(connect["x-welink-bucket"]).toBe("invitation");
    expect(connect["x-welink-codes"]).toContain("CUSTOM_MESSAGE_TOO_LONG");
    const schema = doc.paths["/api/v1/connect"]!.post.requestBody.content["application/json"]!.schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["accountId", "profile_id", "message"]));
  });
});
