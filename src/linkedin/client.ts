/**
 * `LinkedInClient`: one object per logged-in account, one property per family. The
 * catalogue's `run` functions get it from the session manager and call, for example,
 * `client.invitations.send(profileId, note)`. Every method returns domain objects and
 * raises catalogued `WelinkError`s; a dead session is revived underneath when possible.
 */
import type { Clock } from "../lib/clock.ts";
import { Companies } from "./families/companies.ts";
import { Connections } from "./families/connections.ts";
import type { FamilyContext, FamilyState } from "./families/context.ts";
import { Events } from "./families/events.ts";
import { Groups } from "./families/groups.ts";
import { Invitations } from "./families/invitations.ts";
import { fetchIdentity, type Identity, type MeResult, meResult } from "./families/me.ts";
import { Messaging } from "./families/messaging.ts";
import { Posts } from "./families/posts.ts";
import { Profiles } from "./families/profiles.ts";
import { Recruiter } from "./families/recruiter.ts";
import { SalesNavigator } from "./families/sales.ts";
import { Search } from "./families/search.ts";
import { ProfileViews } from "./families/views.ts";
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
  readonly search: Search;
  readonly posts: Posts;
  readonly companies: Companies;
  readonly views: ProfileViews;
  readonly groups: Groups;
  readonly events: Events;
  readonly sales: SalesNavigator;
  readonly recruiter: Recruiter;

  constructor(options: {
    voyager: Voyager;
    self: Identity;
    clock: Clock;
    state?: FamilyState;
    saveState?: (state: FamilyState) => Promise<void>;
  }) {
    const state = options.state ?? {};
    const ctx: FamilyContext = {
      voyager: options.voyager,
      self: options.self,
      clock: options.clock,
      state,
      saveState: async () => options.saveState?.(state),
    };
    this.self = options.self;
    this.voyager = options.voyager;
    this.me = new MeFamily(ctx);
    this.profiles = new Profiles(ctx);
    this.connections = new Connections(ctx);
    this.invitations = new Invitations(ctx);
    this.messaging = new Messaging(ctx);
    this.search = new Search(ctx);
    this.posts = new Posts(ctx);
    this.companies = new Companies(ctx);
    this.views = new ProfileViews(ctx);
    this.groups = new Groups(ctx);
    this.events = new Events(ctx);
    this.sales = new SalesNavigator(ctx);
    this.recruiter = new Recruiter(ctx);
  }
}
