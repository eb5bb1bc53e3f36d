import { describe, expect, it } from "vitest";
import { type ErrorCode, isErrorCode } from "../../../src/errors/index.ts";
import { COMPANY_REFUSALS } from "../../../src/linkedin/families/companies.ts";
import { CONNECTION_REFUSALS } from "../../../src/linkedin/families/connections.ts";
import { EVENT_REFUSALS } from "../../../src/linkedin/families/events.ts";
import { GROUP_REFUSALS } from "../../../src/linkedin/families/groups.ts";
import { INVITATION_REFUSALS } from "../../../src/linkedin/families/invitations.ts";
import { MESSAGING_REFUSALS } from "../../../src/linkedin/families/messaging.ts";
import { CONTENT_REFUSALS } from "../../../src/linkedin/families/posts.ts";
import { PROFILE_REFUSALS } from "../../../src/linkedin/families/profiles.ts";
import { RECRUITER_REFUSALS } from "../../../src/linkedin/families/recruiter.ts";
import { expectOk, graphqlRefusal, type RefusalTable, refusal } from "../../../src/linkedin/families/refusals.ts";
import { SALES_REFUSALS } from "../../../src/linkedin/families/sales.ts";
import { SEARCH_REFUSALS } from "../../../src/linkedin/families/search.ts";
import { wire } from "../wire.ts";

const TABLES: Record<string, RefusalTable> = {
  profiles: PROFILE_REFUSALS,
  connections: CONNECTION_REFUSALS,
  invitations: INVITATION_REFUSALS,
  messaging: MESSAGING_REFUSALS,
  search: SEARCH_REFUSALS,
  content: CONTENT_REFUSALS,
  companies: COMPANY_REFUSALS,
  groups: GROUP_REFUSALS,
  events: EVENT_REFUSALS,
  sales: SALES_REFUSALS,
  recruiter: RECRUITER_REFUSALS,
};

const code = (op: string, res: ReturnType<typeof wire>, table: RefusalTable) => refusal(op, res, table).code;

describe("every family's table maps to catalogue codes", () => {
  it.each(Object.entries(TABLES))("%s", (_name, table) => {
    const targets: string[] = [
      ...Object.values(table.codes),
      ...Object.values(table.statuses ?? {}).flatMap((s) => Object.values(s ?? {})),
      ...Object.values(table.operationCodes ?? {}).flatMap((s) => Object.values(s ?? {})),
    ].filter((x): x is ErrorCode => typeof x === "string");
    for (const t of targets) expect(isErrorCode(t), t).toBe(true);
  });
});

describe("invitation refusals (keyed on code, not status; sandbox-protocol.md §6)", () => {
  it.each([
    [429, "CANT_RESEND_YET", "CANT_RESEND_YET"],
    [409, "PENDING_INVITE", "PENDING_INVITE"],
    [409, "ALREADY_CONNECTED", "ALREADY_CONNECTED"],
    [400, "CUSTOM_MESSAGE_TOO_LONG", "CUSTOM_MESSAGE_TOO_LONG"],
    [429, "CUSTOM_INVITE_LIMIT_REACHED", "CUSTOM_INVITE_LIMIT_REACHED"],
    [429, "FUSE_LIMIT_EXCEEDED", "FUSE_LIMIT_EXCEEDED"],
    [400, "CANT_INVITE_CONNECTION_LIMIT_REACHED", "FUSE_LIMIT_EXCEEDED"],
    [400, "MAX_INVITATION_SENT", "MAX_INVITATION_SENT"],
    [404, "PROFILE_NOT_FOUND", "PROFILE_NOT_FOUND"],
    [422, "ALREADY_INVITED", "PENDING_INVITE"],
  ])("%i %s → %s", (status, linkedin, expected) => {
    expect(code("invitations.send", wire(status, { status, code: linkedin }), INVITATION_REFUSALS)).toBe(expected);
    // The normalized envelope carries the same code one level down.
    expect(
      code("invitations.send", wire(status, { data: { status, code: linkedin }, included: [] }), INVITATION_REFUSALS),
    ).toBe(expected);
  });

  it("accept/ignore: an unknown invitation or a wrong secret is NO_INVITATION_FOUND", () => {
    expect(code("invitations.reply", wire(404, { code: "INVITATION_ID_NOT_FOUND" }), INVITATION_REFUSALS)).toBe(
      "NO_INVITATION_FOUND",
    );
    expect(code("invitations.reply", wire(400, { code: "BAD_REQUEST" }), INVITATION_REFUSALS)).toBe(
      "NO_INVITATION_FOUND",
    );
    expect(code("invitations.send", wire(400, { code: "BAD_REQUEST" }), INVITATION_REFUSALS)).toBe("BAD_REQUEST");
  });

  it("an unknown code on a 5xx stays a retryable server error", () => {
    expect(code("invitations.send", wire(503, { code: "SOMETHING_NEW" }), INVITATION_REFUSALS)).toBe("INTERNAL_ERROR");
  });

  it("a bare 404 on withdraw is NO_INVITATION_FOUND; an unknown code is LINKEDIN_SCHEMA_CHANGED", () => {
    expect(code("invitations.withdraw", wire(404, { status: 404 }), INVITATION_REFUSALS)).toBe("NO_INVITATION_FOUND");
    expect(code("invitations.send", wire(400, { code: "SOMETHING_NEW" }), INVITATION_REFUSALS)).toBe(
      "LINKEDIN_SCHEMA_CHANGED",
    );
    expect(refusal("invitations.send", wire(400, { code: "SOMETHING_NEW" }), INVITATION_REFUSALS).message).toMatch(
      /^invitations\.send: /,
    );
  });
});

describe("messaging refusals", () => {
  it.each([
    [403, "RECIPIENT_NOT_FIRST_DEGREE_CONNECTION"],
    [400, "THREAD_VALIDATION_PLUGIN_ERROR"],
    [400, "DATAFETCHINGEXCEPTION"],
    [403, "UNAUTHORIZED_VIEWER"],
    [404, "EVENT_NOT_FOUND"],
    [404, "NO_GROUP_DATA"],
    [402, "NOT_ENOUGH_INMAIL_CREDIT"],
  ])("%i %s", (status, c) => {
    expect(code("messaging.send", wire(status, { status, code: c }), MESSAGING_REFUSALS)).toBe(c);
  });

  it("GraphQL errors (HTTP 200) map through extensions.code", () => {
    const e = graphqlRefusal(
      "messaging.messages",
      [{ message: "x", code: "THREAD_VALIDATION_PLUGIN_ERROR" }],
      MESSAGING_REFUSALS,
    );
    expect(e.code).toBe("THREAD_VALIDATION_PLUGIN_ERROR");
    expect(
      graphqlRefusal("messaging.messages", [{ message: "boom", classification: "X" }], MESSAGING_REFUSALS).code,
    ).toBe("LINKEDIN_SCHEMA_CHANGED");
  });
});

describe("per-operation meanings", () => {
  it("BAD_REQUEST is a bad profile id when reading, a senseless follow when following", () => {
    expect(code("profiles.get", wire(400, { code: "BAD_REQUEST" }), PROFILE_REFUSALS)).toBe("404_PROFILE_ID");
    expect(code("profiles.follow", wire(400, { code: "BAD_REQUEST" }), PROFILE_REFUSALS)).toBe("BAD_REQUEST");
    expect(code("profiles.contactInfo", wire(403, { code: "CONTACT_INFO_FETCH_FAILED" }), PROFILE_REFUSALS)).toBe(
      "CONTACT_INFO_FETCH_FAILED",
    );
  });

  it("content, companies, events, groups, sales, recruiter", () => {
    expect(code("posts.create", wire(400, { code: "POST_MEDIA_STILL_PROCESSING" }), CONTENT_REFUSALS)).toBe(
      "POST_MEDIA_STILL_PROCESSING",
    );
    expect(code("media.register", wire(400, { code: "MEDIA_UPLOAD_FAILED" }), CONTENT_REFUSALS)).toBe(
      "MEDIA_UPLOAD_FAILED",
    );
    expect(code("posts.delete", wire(404, {}), CONTENT_REFUSALS)).toBe("NO_ACTIVITY_FOUND");
    expect(code("companies.byId", wire(404, { status: 404 }), COMPANY_REFUSALS)).toBe("404_COMPANY");
    expect(code("companies.followInvitations", wire(429, { code: "INSUFFICIENT_CREDITS" }), COMPANY_REFUSALS)).toBe(
      "INSUFFICIENT_CREDITS",
    );
    expect(code("companies.followInvitations", wire(400, { code: "TOO_MANY_FOLLOWERS" }), COMPANY_REFUSALS)).toBe(
      "TOO_MANY_FOLLOWERS",
    );
    expect(code("events.invite", wire(403, { code: "CANNOT_INVITE" }), EVENT_REFUSALS)).toBe("CANNOT_INVITE");
    expect(code("groups.get", wire(403, { code: "NO_GROUP_DATA" }), GROUP_REFUSALS)).toBe("NO_GROUP_DATA");
    expect(code("sales.send", wire(403, { code: "SALES_SEAT_REQUIRED" }), SALES_REFUSALS)).toBe("SALES_SEAT_REQUIRED");
    expect(code("sales.send", wire(400, { code: "MESSAGE_VALIDATION_PLUGIN_ERROR" }), SALES_REFUSALS)).toBe(
      "MESSAGE_VALIDATION_PLUGIN_ERROR",
    );
    expect(code("recruiter.login", wire(409, { code: "RECRUITER_ACKNOWLEDGEMENT_REQUIRED" }), RECRUITER_REFUSALS)).toBe(
      "RECRUITER_ACKNOWLEDGEMENT_REQUIRED",
    );
    expect(code("recruiter.login", wire(403, {}), RECRUITER_REFUSALS)).toBe("RECRUITER_LOGIN_SUBMISSION_FAILED");
    expect(code("search.clusters", wire(429, { code: "COMMERCIAL_USE_LIMIT_REACHED" }), SEARCH_REFUSALS)).toBe(
      "STATUS_429",
    );
  });

  it("expectOk passes 2xx through", () => {
    const res = wire(201, "");
    expect(expectOk("x", res, PROFILE_REFUSALS)).toBe(res);
  });
});
