/**
 * The account's status, kept in one place: writing it (with the `account_status` hook and
 * a log line when it changes) and deciding what a call's outcome implies — a proxy that
 * keeps failing (via the proxy watch), a proxy that carries calls again, a restriction.
 */
import type { WelinkError } from "../../errors/index.ts";
import type { AccountStatus } from "../../store/types.ts";
import type { ProxyWatch } from "./proxy-watch.ts";
import type { SessionManagerDeps } from "./types.ts";

export type CallOutcome = { ok: true } | { ok: false; error: WelinkError };

export class StatusKeeper {
  constructor(
    private readonly deps: Pick<SessionManagerDeps, "store" | "clock" | "onAccountStatus" | "logger">,
    private readonly proxyWatch: ProxyWatch,
  ) {}

  async set(accountId: string, status: AccountStatus, reason: string | null): Promise<void> {
    const before = await this.deps.store.getAccount(accountId);
    await this.deps.store.updateAccount(accountId, { status, statusReason: reason }, this.deps.clock.now());
    if (before?.status !== status) {
      this.log(status === "ACTIVE" || status === "LOGGING_IN" ? "info" : "warn", accountId, `account ${status}`, {
        reason,
      });
      await this.deps.onAccountStatus?.(accountId, status, reason);
    }
  }

  /** The status a call's outcome moves the account to, if any (cheap: no store access). */
  next(accountId: string, current: AccountStatus, outcome: CallOutcome): AccountStatus | undefined {
    if (!outcome.ok && outcome.error.code === "PROXY_ERROR") {
      if (current === "ACTIVE" && this.proxyWatch.failed(accountId)) {
        this.proxyWatch.start(accountId);
        return "PROXY_FAILED";
      }
      return undefined;
    }
    // Any answer from LinkedIn means the proxy carried the call.
    this.proxyWatch.succeeded(accountId);
    if (!outcome.ok && outcome.error.code === "ACCOUNT_RESTRICTED" && current !== "RESTRICTED") return "RESTRICTED";
    if (current === "PROXY_FAILED") return "ACTIVE";
    return undefined;
  }

  /** Structured log line (pino-compatible); never carries secrets, only codes and ids. */
  log(level: "info" | "warn", accountId: string, msg: string, extra: Record<string, unknown> = {}): void {
    this.deps.logger?.[level]({ accountId, ...extra }, msg);
  }
}
