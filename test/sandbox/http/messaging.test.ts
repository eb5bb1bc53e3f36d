import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { type Client, control, enc, loggedIn, NORMALIZED, persona } from "./client.ts";

let sandbox: Sandbox;
let ada: Client;
let mailbox: string;

const GRAPHQL = "application/graphql";
const conversationsPath = (vars: string) =>
  `/voyager/api/voyagerMessagingGraphQL/graphql?queryId=messengerConversations.791412243b1d5f907c4d5f86ff8c2ea4&variables=${vars}`;
const messagesPath = (vars: string) =>
  `/voyager/api/voyagerMessagingGraphQL/graphql?queryId=messengerMessages.b6ef64c8f3fe4d9aa40e1749fe275e08&variables=${vars}`;
const CREATE = "/voyager/api/voyagerMessagingDashMessengerMessages?action=createMessage";

function createBody(text: string, extra: Record<string, unknown> = {}, message: Record<string, unknown> = {}) {
  return {
    message: { body: { text, attributes: [] }, renderContentUnions: [], originToken: crypto.randomUUID(), ...message },
    mailboxUrn: mailbox,
    trackingId: "abcdefghijklmnop",
    dedupeByClientGeneratedToken: false,
    ...extra,
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42 });
  ada = await loggedIn(sandbox.url, persona("ada"));
  mailbox = (await ada.get("/voyager/api/me")).json.miniProfile.dashEntityUrn;
});
afterAll(() => sandbox.close());

describe("messenger GraphQL reads", () => {
  it("lists conversations by sync token with _type, and only changes after the token", async () => {
    const reply = await ada.get(conversationsPath(`(mailboxUrn:${enc(mailbox)})`), GRAPHQL);
    expect(reply.status).toBe(200);
    const root = reply.json.data.messengerConversationsBySyncToken;
    expect(root.elements.length).toBeGreaterThan(0);
    const conv = root.elements[0];
    expect(conv._type).toBe("com.linkedin.messenger.Conversation");
    expect(conv.entityUrn).toMatch(/^urn:li:msg_conversation:\(urn:li:fsd_profile:ACoAA[^,]+,2-/);
    expect(
      conv.conversationParticipants.some(
        (p: { participantType: { member: { distance: string } } }) => p.participantType.member.distance === "SELF",
      ),
    ).toBe(true);
    const token = root.metadata.newSyncToken;
    const none = await ada.get(conversationsPath(`(mailboxUrn:${enc(mailbox)},syncToken:${enc(token)})`), GRAPHQL);
    expect(none.json.data.messengerConversationsBySyncToken.elements).toEqual([]);
  });

  it("pages the inbox category with nextCursor; normalized puts conversations in included", async () => {
    const vars = (extra: string) =>
      `(query:(predicateUnions:List((conversationCategoryPredicate:(category:PRIMARY_INBOX)))),count:4,mailboxUrn:${enc(mailbox)}${extra})`;
    const first = await ada.get(conversationsPath(vars("")), NORMALIZED);
    const root = first.json.data.data.messengerConversationsByCategoryQuery;
    expect(root["*elements"]).toHaveLength(4);
    expect(first.json.included.some((e: { $type: string }) => e.$type === "com.linkedin.messenger.Conversation")).toBe(
      true,
    );
    const next = root.metadata.nextCursor;
    expect(next).toBeTruthy();
    const second = await ada.get(conversationsPath(vars(`,nextCursor:${enc(next)}`)), GRAPHQL);
    const page2 = second.json.data.messengerConversationsByCategoryQuery.elements;
    expect(page2.length).toBeGreaterThan(0);
    expect(root["*elements"]).not.toContain(page2[0].entityUrn);
  });

  it("reads messages and refuses another member's mailbox or an unknown thread with 200 + errors", async () => {
    const inbox = await ada.get(conversationsPath(`(mailboxUrn:${enc(mailbox)})`), GRAPHQL);
    const urn = inbox.json.data.messengerConversationsBySyncToken.elements[0].entityUrn;
    const msgs = await ada.get(messagesPath(`(conversationUrn:${enc(urn)})`), GRAPHQL);
    const elements = msgs.json.data.messengerMessagesBySyncToken.elements;
    expect(elements.length).toBeGreaterThan(0);
    expect(elements[0].body.text).toBeTruthy();
    expect(elements[0].sender._type).toBe("com.linkedin.messenger.MessagingParticipant");

    const paged = await ada.get(messagesPath(`(conversationUrn:${enc(urn)},count:1)`), GRAPHQL);
    expect(paged.json.data.messengerMessagesByConversation.elements).toHaveLength(1);

    const bogus = urn.replace(/,2-[^)]+\)/, ",2-Ym9ndXM=)");
    const unknown = await ada.get(messagesPath(`(conversationUrn:${enc(bogus)})`), GRAPHQL);
    expect(unknown.status).toBe(200);
    expect(unknown.json.errors[0].extensions.code).toBe("THREAD_VALIDATION_PLUGIN_ERROR");
    expect(unknown.json.data).toBeNull();

    const other = await ada.get(conversationsPath(`(mailboxUrn:${enc("urn:li:fsd_profile:ACoAAother")})`), GRAPHQL);
    expect(other.json.errors[0].extensions.code).toBe("THREAD_VALIDATION_PLUGIN_ERROR");
  });

  it("an unencoded URN inside variables is a 400 (strict Rest.li)", async () => {
    const reply = await ada.get(conversationsPath(`(mailboxUrn:${mailbox})`), GRAPHQL);
    expect(reply.status).toBe(400);
  });
});

describe("createMessage", () => {
  it("sends to a connection (text/plain body), then replies in the thread", async () => {
    const conns = await ada.get("/voyager/api/relationships/dash/connections?q=search&count=40");
    const friend = conns.json.elements[39].connectedMemberResolutionResult.entityUrn;
    const first = await ada.send("POST", CREATE, {
      body: createBody("Hi there", { hostRecipientUrns: [friend] }),
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
    expect(first.status).toBe(200);
    const message = first.json.value;
    expect(message.body.text).toBe("Hi there");
    expect(message.entityUrn).toMatch(/^urn:li:msg_message:\(/);
    const next = await ada.post(
      CREATE,
      createBody("Second", {}, { conversationUrn: message.conversationUrn }),
      NORMALIZED,
    );
    expect(next.status).toBe(200);
    expect(next.json.data.$type).toBe("com.linkedin.restli.common.ActionResponse");
    expect(next.json.data.value["*sender"]).toMatch(/^urn:li:msg_messagingParticipant:/);
  });

  it("refuses a non-connection, a bad thread, a missing trackingId, and InMail without credit", async () => {
    const world = sandbox.world;
    const adaId = world.members.byEmailAddress(persona("ada"))?.memberId ?? 0;
    const picked = world.members.list.find(
      (m) => m.memberId > 200000 && !m.openProfile && m.acceptsInMail && world.graph.degree(adaId, m.memberId) > 1,
    );
    const stranger = `urn:li:fsd_profile:${picked?.profileId}`;
    const notFirst = await ada.post(CREATE, createBody("Hello", { hostRecipientUrns: [stranger] }));
    expect(notFirst.status).toBe(403);
    expect(notFirst.json.code).toBe("RECIPIENT_NOT_FIRST_DEGREE_CONNECTION");

    const badThread = await ada.post(
      CREATE,
      createBody("x", {}, { conversationUrn: `urn:li:msg_conversation:(${mailbox},2-Ym9ndXM=)` }),
    );
    expect(badThread.status).toBe(400);
    expect(badThread.json.code).toBe("THREAD_VALIDATION_PLUGIN_ERROR");

    const noTracking = await ada.post(CREATE, {
      ...createBody("x", { hostRecipientUrns: [stranger] }),
      trackingId: "",
    });
    expect(noTracking.status).toBe(400);

    const inmail = await ada.post(
      CREATE,
      createBody("Hello", { hostRecipientUrns: [stranger], inMail: { subject: "Hi" } }),
    );
    expect(inmail.status).toBe(402);
    expect(inmail.json.code).toBe("NOT_ENOUGH_INMAIL_CREDIT");
  });

  it("a message request through a shared group: follow-up refused until the recipient replies", async () => {
    const world = sandbox.world;
    const me = world.members.byEmailAddress(persona("ada"));
    const group = world.groups.ofMember(me?.memberId ?? 0)[0];
    expect(group).toBeDefined();
    const peerId = [...(group?.memberIds ?? [])].find(
      (id) =>
        id !== me?.memberId &&
        !world.graph.areConnected(id, me?.memberId ?? 0) &&
        !world.messaging.inbox(id).some((t) => t.participantIds.includes(me?.memberId ?? 0)),
    );
    const peer = world.members.get(peerId ?? 0);
    const peerUrn = `urn:li:fsd_profile:${peer?.profileId}`;
    const contextUrn = `urn:li:fsd_group:${group?.id}`;
    const first = await ada.post(
      CREATE,
      createBody("Hello from the group", { hostRecipientUrns: [peerUrn], contextUrn }),
    );
    expect(first.status).toBe(200);
    const conversationUrn = first.json.value.conversationUrn;
    const followUp = await ada.post(CREATE, createBody("Did you see it?", {}, { conversationUrn }));
    expect(followUp.json.code).toBe("DATAFETCHINGEXCEPTION");
    const replied = await control(sandbox.url, "POST", "/messages/reply", {
      from: peer?.email,
      to: persona("ada"),
      text: "Yes!",
    });
    expect(replied.status).toBe(200);
    const ok = await ada.post(CREATE, createBody("Great", {}, { conversationUrn }));
    expect(ok.status).toBe(200);

    const unknownGroup = await ada.post(
      CREATE,
      createBody("x", { hostRecipientUrns: [peerUrn], contextUrn: "urn:li:fsd_group:999999" }),
    );
    expect(unknownGroup.status).toBe(404);
  });
});
