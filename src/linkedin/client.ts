/**
 * `LinkedInClient`: one object per logged-in account, one property per family. The
 * catalogue's `run` functions get it from the session manager and call, for example,
 * `client.invitations.send(profileId, note)`. Every method returns domain objects and
 * raises catalogued `WelinkError`s; a dead session is revived underneath when possible.
 */
import type { Clock } from "../lib/clock.ts";
import { Connections } from "./families/connections.ts";
import type { FamilyContext } from "./families/context.ts";
import { Invitations } from "./families/invitations.ts";
import { fetchIdentity, type Identity, type MeResult, meResult } from "./families/me.ts";
import { Messaging } from "./families/messaging.ts";
import { Profiles } from "./families/profiles.ts";
import type { Voyager } from "./voyager.ts";

export class MeFamily {
  constructor(private readonly ctx: FamilyContext) {}

  /** A live `/me` call: the heartbeat. */
  async identity(): Promise<Identity> {
    const fresh = await fetchIdentity(this.ctx.voyager);
    return { ...fresh, salesNavigator: this.ctx.self.salesNavigator, recruiter: this.ctx.self.recruiter };
  }

  /** The `me` endpoint's result. */
  async result(): Promise<MeResult> {
    return meResult(await this.identity());
  }
}

export class LinkedInClient {
  readonly self: Identity;
  readonly voyager: Voyager;
  readonly me: MeFamily;
  readonly profiles: Profiles;
  readonly connections: Connections;
  readonly invitations: Invitations;
  readonly messaging: Messaging;

  constructor(options: { voyager: Voyager; self: Identity; clock: Clock }) {
    const ctx: FamilyContext = { voyager: options.voyager, self: options.self, clock: options.clock };
    this.self = options.self;
    this.voyager = options.voyager;
    this.me = new MeFamily(ctx);
    this.profiles = new Profiles(ctx);
    this.connections = new Connections(ctx);
    this.invitations = new Invitations(ctx);
    this.messaging = new Messaging(ctx);
  }
}
