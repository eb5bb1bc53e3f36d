/** Sales Navigator and Recruiter over HTTP: seats, lead search paging, messages, the one-session Recruiter rule. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { Client, enc, loggedIn, persona } from "./client.ts";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42 });
});
afterAll(() => sandbox.close());

describe("Sales Navigator", () => {
  it("refuses members without a seat with 403 SALES_SEAT_REQUIRED", async () => {
    const ada = await loggedIn(sandbox.url, persona("ada"));
    const reply = await ada.get(
      "/sales-api/salesApiLeadSearch?q=searchQuery&query=(keywords:engineer)&start=0&count=25",
    );
    expect(reply.status).toBe(403);
    expect(reply.json.code).toBe("SALES_SEAT_REQUIRED");
  });

  it("lead search pages by 25, profiles by compound key, messages with sender check", async () => {
    const linus = await loggedIn(sandbox.url, persona("linus"));
    const search = await linus.get(
      "/sales-api/salesApiLeadSearch?q=searchQuery&query=(filters:List((type:RELATIONSHIP,values:List((id:S),(id:O)))))&start=25&count=25",
    );
    expect(search.status).toBe(200);
    expect(search.json.paging).toMatchObject({ start: 25, count: 25 });
    expect(search.json.paging.total).toBeLessThanOrEqual(2500);
    expect(search.json.elements).toHaveLength(25);
    const lead = search.json.elements[0];
    expect(lead.entityUrn).toMatch(/^urn:li:fs_salesProfile:\(ACwAA[^,]+,NAME_SEARCH,[^)]+\)$/);
    const [, salesId, token] = /\((ACwAA[^,]+),NAME_SEARCH,([^)]+)\)/.exec(lead.entityUrn) ?? [];
    const profile = await linus.get(
      `/sales-api/salesApiProfiles/(profileId:${salesId},authType:NAME_SEARCH,authToken:${token})?decoration=(entityUrn,firstName,lastName,flagshipProfileUrl)`,
    );
    expect(profile.json.flagshipProfileUrl).toContain("/in/");

    const wrongSender = await linus.post("/sales-api/salesApiMessageActions?action=createMessage", {
      recipients: [lead.entityUrn],
      senderId: "ACwAAnotme",
      subject: "Hello",
      body: "Hi",
    });
    expect(wrongSender.status).toBe(400);
    expect(wrongSender.json.code).toBe("MESSAGE_VALIDATION_PLUGIN_ERROR");
    const me = sandbox.world.members.byEmailAddress(persona("linus"));
    const sent = await linus.post("/sales-api/salesApiMessageActions?action=createMessage", {
      recipients: [lead.entityUrn],
      senderId: me?.salesId,
      subject: "Hello",
      body: "Hi",
    });
    expect(sent.status).toBe(200);
    const threads = await linus.get("/sales-api/salesApiMessagingThreads?q=inbox&start=0&count=20");
    expect(threads.json.elements.some((t: { id: string }) => t.id === sent.json.value.threadId)).toBe(true);
    const msgs = await linus.get(`/sales-api/salesApiMessagingThreads/${enc(sent.json.value.threadId)}/messages`);
    expect(msgs.json.elements[0].body).toBe("Hi");
    const badThread = await linus.get(`/sales-api/salesApiMessagingThreads/${enc("2-Ym9ndXM=")}/messages`);
    expect(badThread.json.code).toBe("THREAD_VALIDATION_PLUGIN_ERROR");
  });
});

describe("Recruiter", () => {
  it("contracts, login, one session at a time with acknowledgement, InMail credits", async () => {
    const ada = await loggedIn(sandbox.url, persona("ada"));
    const noSeat = await ada.get("/talent/api/talentContracts?q=currentMember");
    expect(noSeat.status).toBe(403);
    expect(noSeat.json.code).toBe("RECRUITER_LOGIN_SUBMISSION_FAILED");

    const first = await loggedIn(sandbox.url, persona("margaret"));
    const contracts = await first.get("/talent/api/talentContracts?q=currentMember");
    expect(contracts.json.elements).toHaveLength(2);
    const contractUrn = contracts.json.elements[0].contractUrn;
    const before = await first.get(`/talent/api/talentInmailCredits?contractUrn=${enc(contractUrn)}`);
    expect(before.status).toBe(401);
    expect(before.json.code).toBe("RECRUITER_AUTH_REQUIRED");
    const login = await first.post("/talent/api/talentSessions?action=login", { contractUrn });
    expect(login.status).toBe(200);
    expect(first.jar.get("li_rt")).toBeTruthy();
    const credits = await first.get(`/talent/api/talentInmailCredits?contractUrn=${enc(contractUrn)}`);
    expect(credits.json.creditBalance).toBe(30);

    const second = await loggedIn(sandbox.url, persona("margaret"));
    const refused = await second.post("/talent/api/talentSessions?action=login", { contractUrn });
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("RECRUITER_ACKNOWLEDGEMENT_REQUIRED");
    const taken = await second.post("/talent/api/talentSessions?action=login", {
      contractUrn,
      acknowledgeExistingSession: true,
    });
    expect(taken.status).toBe(200);
    const lost = await first.get(`/talent/api/talentInmailCredits?contractUrn=${enc(contractUrn)}`);
    expect(lost.status).toBe(401);
    expect(lost.json.code).toBe("RECRUITER_AUTH_REQUIRED");

    const hits = await second.get(
      "/talent/api/talentRecruiterSearchHits?q=recruiterSearch&query=(keywords:engineer)&start=0&count=25",
    );
    expect(hits.json.elements.length).toBeGreaterThan(0);
    const recipient = hits.json.elements[0].entityUrn;
    const inmail = await second.post("/talent/api/talentMessages?action=create", {
      contractUrn,
      recipient,
      subject: "Role",
      body: "Interested?",
      signature: "M.",
    });
    expect(inmail.status).toBe(200);
    expect(inmail.json.value.threadId).toMatch(/^2-/);
  });

  it("the proxy port tunnels CONNECT to the sandbox and refuses bad credentials", async () => {
    const { ProxyAgent, request } = await import("undici");
    const good = new ProxyAgent({
      uri: sandbox.url,
      token: `Basic ${Buffer.from("u:sandbox-proxy").toString("base64")}`,
    });
    const ok = await request(`${sandbox.url}/_sandbox/health`, { dispatcher: good });
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
    const bad = new ProxyAgent({ uri: sandbox.url, token: `Basic ${Buffer.from("u:wrong").toString("base64")}` });
    await expect(request(`${sandbox.url}/_sandbox/health`, { dispatcher: bad })).rejects.toThrow();
    await good.close();
    await bad.close();
    expect(new Client(sandbox.url)).toBeDefined();
  });
});
