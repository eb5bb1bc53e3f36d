import { idOf } from "../linkedin/actions/network.ts";
import { bindDriver, type LinkedInClient } from "../linkedin/index.ts";
import { clientOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";

/**
 * Sales Navigator sends with their exactly-once checks: after an attempt whose outcome is
 * unknown, the message is looked for in LinkedIn's Sales Navigator inbox (the same text,
 * delivered after the request was accepted) before anything is sent again.
 */
type Input = Record<string, unknown>;
type Sent = { thread_id: string; message_id: string; sent_at: number | null };

async function found(client: LinkedInClient, threadId: string, text: string, since: number): Promise<Sent | null> {
  const m = await client.sales.findMessage(threadId, text, since);
  return m ? { thread_id: threadId, message_id: m.message_id, sent_at: m.sent_at } : null;
}

export const salesThreadSend = {
  run: bindDriver("send_message_to_sales_navigator_thread").run,
  async verify(ctx: RunContext, input: Input): Promise<Sent | null> {
    const client = await clientOf(ctx);
    return found(client, String(input.thread_id), String(input.message), ctx.request.createdAt);
  },
};

export const salesInMail = {
  run: bindDriver("send_sales_navigator_inmail").run,
  async verify(ctx: RunContext, input: Input): Promise<Sent | null> {
    const client = await clientOf(ctx);
    const lead = await client.profiles.get({ kind: "id", id: await idOf(client, input) });
    if (!lead.sales_navigator_id) return null;
    const thread = await client.sales.findThreadWith(lead.sales_navigator_id);
    return thread ? found(client, thread.thread_id, String(input.message), ctx.request.createdAt) : null;
  },
};
