/**
 * The session manager: one live session per account (transport, cookie jar, client),
 * built from the store on demand, so any process can act for any account. It runs the
 * logins (password, PIN, TOTP, cookie), keeps the jar persisted (encrypted by the store),
 * revives a dead session by logging in again when the stored credentials allow it, and
 * drives the account's status:
 *
 *   LOGGING_IN ─pass─▶ ACTIVE ◀─re-login ok─┐
 *        │  └challenge─▶ PIN_REQUIRED ─PIN─▶ ACTIVE
 *        └fail─▶ SESSION_EXPIRED | RESTRICTED | PROXY_FAILED
 *   ACTIVE ─session dies, no way back─▶ SESSION_EXPIRED (or PIN_REQUIRED when LinkedIn asks)
 *   ACTIVE ⇄ PROXY_FAILED (proxy down / back)    ACTIVE ─restricted─▶ RESTRICTED
 */
import { WelinkError } from "../../errors/index.ts";
import type { Account, AccountSecrets, AccountStatus } from "../../store/types.ts";
import { LinkedInClient } from "../client.ts";
import { fetchIdentity, type Identity } from "../families/me.ts";
import { probeTiers } from "../families/tiers.ts";
import { defaultProfile, type ProtocolProfile } from "../profile/loader.ts";
import { CookieJar } from "../transport/cookies.ts";
import { DEFAULT_USER_AGENT } from "../transport/headers.ts";
import { Transport } from "../transport/http.ts";
import { ProxyPool, type ProxyRequest, proxyFromAccount } from "../transport/pool.ts";
import type { ProxyConfig } from "../transport/proxy.ts";
import { Voyager } from "../voyager.ts";
import { DEFAULT_IDLE_MS, type Live, type SessionState } from "./live.ts";
import { type LoginStep, passwordLogin, submitPin, totpAnswers, totpCode } from "./login.ts";
import { logoutOnLinkedIn } from "./logout.ts";
import {
  accountProfile,
  identityFromProfile,
  loginResult,
  nineteenDigits,
  quoteJsessionid,
  statusForFailure,
} from "./outcomes.ts";
import { adoptProxy } from "./proxy-choice.ts";
import { DEFAULT_PROXY_FAILURES_BEFORE_DOWN, DEFAULT_PROXY_PROBE_DELAYS_MS, ProxyWatch } from "./proxy-watch.ts";
import { relogin } from "./relogin.ts";
import { type CallOutcome, StatusKeeper } from "./status.ts";
import type { CookieLoginInput, LoginOutcome, LoginResult, PasswordLoginInput, SessionManagerDeps } from "./types.ts";

export class SessionManager {
  private readonly live = new Map<string, Live>();
  private lastSweep = Date.now();
  /** Sessions being rebuilt from the store, so concurrent callers share one (and one transport). */
  private readonly building = new Map<string, Promise<Live>>();
  private readonly proxyWatch: ProxyWatch;
  private readonly status: StatusKeeper;
  private readonly profile: ProtocolProfile;
  private readonly pool: ProxyPool;

  constructor(private readonly deps: SessionManagerDeps) {
    this.profile = deps.profile ?? defaultProfile();
    this.pool = deps.proxyPool ?? new ProxyPool();
    this.proxyWatch = new ProxyWatch({
      threshold: deps.proxyFailuresBeforeDown ?? DEFAULT_PROXY_FAILURES_BEFORE_DOWN,
      delaysMs: deps.proxyProbeDelaysMs ?? DEFAULT_PROXY_PROBE_DELAYS_MS,
      probe: async (accountId) => {
        await (await this.client(accountId)).me.identity();
      },
      retryable: (error) => error instanceof WelinkError && (error.code === "PROXY_ERROR" || error.retryable),
    });
    this.status = new StatusKeeper(deps, this.proxyWatch);
  }

  /**
   * `login_v2`: password login; PIN_REQUIRED when LinkedIn asks for the emailed PIN.
   * Fields left out of `input` come from the store (the gateway stores the password, TOTP
   * secret, user agent and proxy when it accepts the request; the queued input has none).
   */
  async loginPassword(accountId: string, input: PasswordLoginInput = {}): Promise<LoginOutcome> {
    const account = await this.account(accountId);
    const stored = (await this.deps.store.getAccountSecrets(accountId)) ?? {};
    const email = input.email ?? account.email ?? undefined;
    const password = input.password ?? stored.password;
    if (!email || !password) throw new WelinkError("INVALID_REQUEST", "login_v2 needs an email and a password");
    const twoFa = input.two_fa_secret ?? stored.two_fa_secret;
    const userAgent = input.user_agent ?? stored.user_agent;
    await this.setStatus(accountId, "LOGGING_IN", null);
    return this.failInto(accountId, async () => {
      const proxy = await this.adoptProxy(account, input.proxy);
      const secrets: AccountSecrets = { password, session: {} };
      if (twoFa) secrets.two_fa_secret = twoFa;
      if (userAgent) secrets.user_agent = userAgent;
      await this.deps.store.setAccountSecrets(accountId, secrets, this.now());
      if (account.email !== email) await this.deps.store.updateAccount(accountId, { email }, this.now());
      const live = await this.fresh(accountId, proxy, userAgent, new CookieJar());
      const step = await passwordLogin(live.transport, { email, password }, this.now());
      return this.afterStep(live, step, twoFa);
    });
  }

  /** `login_code`: finishes a pending challenge with the PIN, possibly in another process. */
  async loginCode(accountId: string, code: string): Promise<LoginOutcome> {
    const account = await this.account(accountId);
    const secrets = (await this.deps.store.getAccountSecrets(accountId)) ?? {};
    const challenge = (secrets.session as SessionState | undefined)?.challenge;
    if (!challenge)
      throw new WelinkError("INVALID_PIN", "No login is waiting for a PIN on this account; call login_v2");
    const proxy = proxyFromAccount(account.proxy, secrets.proxy_password);
    const live = await this.fresh(accountId, proxy, secrets.user_agent, CookieJar.fromJSON(challenge.cookies));
    try {
      await submitPin(live.transport, challenge, code.trim());
    } catch (error) {
      if (error instanceof WelinkError && error.code === "INVALID_PIN") {
        // A wrong PIN leaves the challenge usable (still PIN_REQUIRED); a void one ends the login.
        if (/expired|voided/.test(error.message)) {
          await this.deps.store.setAccountSecrets(accountId, { session: {} }, this.now());
          await this.setStatus(accountId, "SESSION_EXPIRED", "INVALID_PIN");
        }
      } else await this.setStatus(accountId, statusForFailure(error), error instanceof WelinkError ? error.code : null);
      throw error;
    }
    return this.failInto(accountId, async () => ({ status: "SUCCESS", result: await this.finish(live) }));
  }

  /**
   * `login_cookie`: adopts a browser's `li_at` (+ JSESSIONID), validated by a /me probe.
   * Left-out fields come from the store (the gateway keeps the cookies as `{li_at, JSESSIONID}`).
   */
  async loginCookie(accountId: string, input: CookieLoginInput = {}): Promise<LoginResult> {
    const account = await this.account(accountId);
    const stored = (await this.deps.store.getAccountSecrets(accountId)) ?? {};
    const storedJar = CookieJar.fromJSON(stored.cookies);
    const liAt = input.li_at ?? storedJar.get("li_at");
    if (!liAt) throw new WelinkError("INVALID_REQUEST", "login_cookie needs an li_at cookie");
    const jsessionid = input.jsessionid ?? (input.li_at ? undefined : storedJar.get("JSESSIONID"));
    const userAgent = input.user_agent ?? stored.user_agent;
    await this.setStatus(accountId, "LOGGING_IN", null);
    return this.failInto(accountId, async () => {
      const proxy = await this.adoptProxy(account, input.proxy);
      const secrets: AccountSecrets = { session: {} };
      if (userAgent) secrets.user_agent = userAgent;
      await this.deps.store.setAccountSecrets(accountId, secrets, this.now());
      const jar = new CookieJar();
      jar.set("li_at", liAt);
      // LinkedIn's CSRF check is double-submit (cookie = header), so a JSESSIONID minted
      // here is as good as the browser's when the user has none to give.
      jar.set("JSESSIONID", quoteJsessionid(jsessionid ?? `ajax:${nineteenDigits()}`));
      const live = await this.fresh(accountId, proxy, userAgent, jar);
      return this.finish(live);
    });
  }

  /** Logs a stored account in the way its secrets allow: password (with PIN/TOTP) or cookie. */
  async login(accountId: string): Promise<LoginOutcome> {
    const secrets = (await this.deps.store.getAccountSecrets(accountId)) ?? {};
    if (secrets.password) return this.loginPassword(accountId);
    return { status: "SUCCESS", result: await this.loginCookie(accountId) };
  }

  /**
   * The client of an account whose session is usable (ACTIVE, or PROXY_FAILED: the proxy
   * may be back). Other statuses are ACCOUNT_NOT_ACTIVE / ACCOUNT_RESTRICTED.
   */
  async client(accountId: string): Promise<LinkedInClient> {
    // The store is the truth across processes: a disconnect, or a login finished
    // elsewhere, replaces whatever this process holds.
    const account = await this.account(accountId);
    if (account.status === "DISCONNECTED") {
      await this.drop(accountId);
      throw new WelinkError("ACCOUNT_DISCONNECTED", "The account was disconnected");
    }
    this.sweep();
    let live = this.live.get(accountId);
    if (!live || (live.status !== account.status && !live.reviving)) live = await this.reviveOnce(accountId);
    live.lastUsed = Date.now();
    if (live.status === "RESTRICTED") throw new WelinkError("ACCOUNT_RESTRICTED", "LinkedIn restricted this account");
    if (live.status !== "ACTIVE" && live.status !== "PROXY_FAILED") {
      throw new WelinkError("ACCOUNT_NOT_ACTIVE", `Linked account not active (${live.status})`);
    }
    live.identity ??= await fetchIdentity(live.voyager);
    live.client ??= new LinkedInClient({
      voyager: live.voyager,
      self: live.identity,
      clock: this.deps.clock,
      state: live.families,
      saveState: async (families) => {
        const session: SessionState = { families };
        await this.deps.store.setAccountSecrets(accountId, { session }, this.now());
      },
    });
    return live.client;
  }

  /** The `me` heartbeat: a live /me call (re-logging in if the session died). */
  async heartbeat(accountId: string): Promise<Identity> {
    const client = await this.client(accountId);
    return client.me.identity();
  }

  /** Forgets an account's live session (disconnect); the caller erases the secrets. */
  async drop(accountId: string): Promise<void> {
    const live = this.live.get(accountId);
    this.live.delete(accountId);
    if (live) {
      await live.persisting;
      await live.transport.close();
    }
  }

  /**
   * `disconnect_account`: logs the session out on LinkedIn (best effort: the account is
   * being disconnected whatever LinkedIn answers) and forgets it here.
   */
  async logout(accountId: string): Promise<void> {
    await logoutOnLinkedIn(this.deps, accountId, this.live.get(accountId)?.transport);
    await this.drop(accountId);
    this.status.log("info", accountId, "logged out");
  }

  /**
   * Drops sessions idle for longer than `idleMs` (at most one sweep a minute, or per `idleMs`). Wall time on
   * purpose: this is about sockets and memory, not about LinkedIn's rules.
   */
  private sweep(): void {
    const now = Date.now();
    const idle = this.deps.idleMs ?? DEFAULT_IDLE_MS;
    if (now - this.lastSweep < Math.min(60_000, idle)) return;
    this.lastSweep = now;
    for (const [id, live] of this.live) {
      if (!live.reviving && now - live.lastUsed > idle) void this.drop(id);
    }
  }

  /** How many accounts hold a live session in this process. */
  get liveSessions(): number {
    return this.live.size;
  }

  async close(): Promise<void> {
    this.proxyWatch.close();
    await Promise.all([...this.live.keys()].map((id) => this.drop(id)));
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private now(): number {
    return this.deps.clock.now();
  }

  private async account(accountId: string): Promise<Account> {
    const account = await this.deps.store.getAccount(accountId);
    if (!account) throw new WelinkError("NOT_FOUND", `No account ${accountId}`);
    return account;
  }

  private adoptProxy(account: Account, request: ProxyRequest | null | undefined): Promise<ProxyConfig | null> {
    return adoptProxy({ store: this.deps.store, pool: this.pool, now: this.now() }, account, request);
  }

  /** A new live session (closing the previous one) with its jar persisted on every change. */
  private async fresh(
    accountId: string,
    proxy: ProxyConfig | null,
    userAgent: string | undefined,
    jar: CookieJar,
  ): Promise<Live> {
    await this.drop(accountId);
    const live = {} as Live;
    const transport = new Transport({
      baseUrl: this.deps.baseUrl,
      jar,
      clock: this.deps.clock,
      userAgent: userAgent ?? DEFAULT_USER_AGENT,
      proxy,
      ...(this.deps.connectTimeoutMs !== undefined ? { connectTimeoutMs: this.deps.connectTimeoutMs } : {}),
      ...(this.deps.requestTimeoutMs !== undefined ? { requestTimeoutMs: this.deps.requestTimeoutMs } : {}),
      ...(this.deps.proxyCa ? { proxyCa: this.deps.proxyCa } : {}),
      onCookies: () => this.persistCookies(live),
    });
    const voyager = new Voyager(transport, this.profile, {
      revive: (reason) => this.reviveDead(live, reason),
      observe: (outcome) => this.observe(live, outcome),
    });
    Object.assign(live, {
      accountId,
      transport,
      voyager,
      families: {},
      status: "LOGGING_IN",
      persisting: Promise.resolve(),
      lastUsed: Date.now(),
    });
    this.live.set(accountId, live);
    return live;
  }

  private persistCookies(live: Live): void {
    const cookies = live.transport.jar.toJSON();
    live.persisting = live.persisting
      .then(() => this.deps.store.setAccountSecrets(live.accountId, { cookies }, this.now()))
      .catch(() => {});
  }

  /** After the password step: done, TOTP, or park the challenge for login_code. */
  private async afterStep(live: Live, step: LoginStep, twoFaSecret: string | undefined): Promise<LoginOutcome> {
    if (step.kind === "challenge") {
      if (twoFaSecret && totpAnswers(step.challenge, twoFaSecret)) {
        await submitPin(live.transport, step.challenge, totpCode(twoFaSecret, this.now()));
      } else {
        const session: SessionState = { challenge: step.challenge };
        await this.deps.store.setAccountSecrets(live.accountId, { session }, this.now());
        await this.setStatus(live.accountId, "PIN_REQUIRED", "LinkedIn asks for the PIN it emailed");
        live.status = "PIN_REQUIRED";
        return { status: "PIN_REQUIRED", accountId: live.accountId };
      }
    }
    return { status: "SUCCESS", result: await this.finish(live) };
  }

  /** The session has li_at: read who it is, persist, go ACTIVE. */
  private async finish(live: Live): Promise<LoginResult> {
    const login = new Voyager(live.transport, this.profile); // no revive while logging in
    const identity = await probeTiers(login, await fetchIdentity(login));
    live.identity = identity;
    live.client = undefined;
    await live.persisting;
    await this.deps.store.setAccountSecrets(
      live.accountId,
      { cookies: live.transport.jar.toJSON(), session: {} },
      this.now(),
    );
    await this.deps.store.updateAccount(live.accountId, { profile: accountProfile(identity) }, this.now());
    await this.setStatus(live.accountId, "ACTIVE", null);
    live.status = "ACTIVE";
    const account = await this.account(live.accountId);
    return loginResult(live.accountId, identity, account.email ?? identity.email ?? null);
  }

  /** Runs a login; a failure moves the account to the status it implies, then rethrows. */
  private async failInto<T>(accountId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const status = statusForFailure(error);
      const reason = error instanceof WelinkError ? error.code : "INTERNAL_ERROR";
      await this.setStatus(accountId, status, reason);
      const live = this.live.get(accountId);
      if (live) live.status = status;
      throw error;
    }
  }

  private reviveOnce(accountId: string): Promise<Live> {
    let pending = this.building.get(accountId);
    if (!pending) {
      pending = this.revive(accountId).finally(() => this.building.delete(accountId));
      this.building.set(accountId, pending);
    }
    return pending;
  }

  /** Builds the live session of a stored account (another process may have logged it in). */
  private async revive(accountId: string): Promise<Live> {
    const account = await this.account(accountId);
    const secrets = (await this.deps.store.getAccountSecrets(accountId)) ?? {};
    const proxy = proxyFromAccount(account.proxy, secrets.proxy_password);
    const live = await this.fresh(accountId, proxy, secrets.user_agent, CookieJar.fromJSON(secrets.cookies));
    live.status = account.status;
    live.families = { ...((secrets.session as SessionState | undefined)?.families ?? {}) };
    const identity = identityFromProfile(account.profile);
    if (identity) live.identity = identity;
    return live;
  }

  /** The Voyager hook: one re-login at a time per account; callers wait for it. */
  private reviveDead(live: Live, reason: string): Promise<void> {
    live.reviving ??= this.relogin(live, reason).finally(() => {
      live.reviving = undefined;
    });
    return live.reviving;
  }

  private relogin(live: Live, reason: string): Promise<void> {
    return relogin(
      {
        store: this.deps.store,
        now: () => this.now(),
        setStatus: (id, status, why) => this.setStatus(id, status, why),
        log: (id, msg, extra) => this.status.log("warn", id, msg, extra),
        persistCookies: (l) => this.persistCookies(l),
      },
      live,
      reason,
    );
  }

  /** Follows call outcomes: proxy down/up, restriction. Cheap: only changes touch the store. */
  private observe(live: Live, outcome: CallOutcome): void {
    live.lastUsed = Date.now();
    const next = this.status.next(live.accountId, live.status, outcome);
    if (!next) return;
    live.status = next;
    const reason = outcome.ok ? null : outcome.error.code;
    live.persisting = live.persisting.then(() => this.setStatus(live.accountId, next, reason)).catch(() => {});
  }

  private setStatus(accountId: string, status: AccountStatus, reason: string | null): Promise<void> {
    return this.status.set(accountId, status, reason);
  }
}
