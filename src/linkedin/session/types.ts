/** What the session manager needs from the world and what it hands back (API.md shapes). */
import type { Clock } from "../../lib/clock.ts";
import type { AccountStatus, Store } from "../../store/types.ts";
import type { ProtocolProfile } from "../profile/loader.ts";
import type { ProxyPool, ProxyRequest } from "../transport/pool.ts";

export type SessionStore = Pick<Store, "getAccount" | "updateAccount" | "getAccountSecrets" | "setAccountSecrets">;

export interface SessionManagerDeps {
  /** `https://www.linkedin.com` live, the sandbox's URL otherwise. */
  baseUrl: string;
  store: SessionStore;
  clock: Clock;
  proxyPool?: ProxyPool;
  /** Called on every change of an account's status (the `account_status` webhook). */
  onAccountStatus?: (accountId: string, status: AccountStatus, reason: string | null) => void | Promise<void>;
  profile?: ProtocolProfile;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Extra CA (PEM) trusted for HTTPS proxies. */
  proxyCa?: string;
  /** Drop a session (its sockets and memory) after this long unused; default 15 minutes. */
  idleMs?: number;
  /** Consecutive proxy failures that put an ACTIVE account in PROXY_FAILED (default 3). */
  proxyFailuresBeforeDown?: number;
  /** Delays between probes of a PROXY_FAILED account's proxy (default 1 min, 5 min, 15 min, then hourly). */
  proxyProbeDelaysMs?: number[];
  /** A pino logger (or anything with the same two methods). */
  logger?: {
    info(obj: Record<string, unknown>, msg: string): void;
    warn(obj: Record<string, unknown>, msg: string): void;
  };
}

/** Every field may be left out: the manager then uses what the store holds for the account. */
export interface PasswordLoginInput {
  email?: string;
  password?: string;
  proxy?: ProxyRequest | null;
  two_fa_secret?: string;
  user_agent?: string;
}

export interface CookieLoginInput {
  li_at?: string;
  jsessionid?: string;
  user_agent?: string;
  proxy?: ProxyRequest | null;
}

/** The result of `login_v2`, `login_code` and `login_cookie` (API.md). */
export interface LoginResult {
  accountId: string;
  first_name: string;
  last_name: string;
  profile_id: string;
  public_identifier: string | null;
  premium: boolean;
  sales_navigator: boolean;
  recruiter: boolean;
  occupation: string | null;
  email: string | null;
}

/** PIN_REQUIRED is an outcome, not a failure: `login_code` finishes it. */
export type LoginOutcome = { status: "SUCCESS"; result: LoginResult } | { status: "PIN_REQUIRED"; accountId: string };
