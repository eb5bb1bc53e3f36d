import { CATALOG, type ErrorCode, type ErrorScope } from "./catalog.ts";

/**
 * The one exception type of welink. Anything that fails for a catalogued reason throws
 * `new WelinkError(code, detail)`; the gateway, the engine and the webhooks turn it into the
 * error body in one place each. A route never builds an error body itself.
 */
export class WelinkError extends Error {
  readonly code: ErrorCode;
  /** Seconds to wait before retrying, when the failure knows it (429s, cooldowns). */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, detail?: string, options?: { retryAfter?: number; cause?: unknown }) {
    super(detail ?? CATALOG[code].description, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WelinkError";
    this.code = code;
    if (options?.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }

  get httpStatus(): number {
    return CATALOG[this.code].httpStatus;
  }

  get scope(): ErrorScope {
    return CATALOG[this.code].scope;
  }

  get retryable(): boolean {
    return CATALOG[this.code].retryable;
  }
}

export function isWelinkError(value: unknown): value is WelinkError {
  return value instanceof WelinkError;
}

/** The error body every non-200 answer carries (API.md, "Error body"). */
export interface ErrorBody {
  status: ErrorCode;
  message: string;
  requestId: string;
  retryable: boolean;
  scope: ErrorScope;
  retryAfter?: number;
}

export function errorBody(error: WelinkError, requestId: string): ErrorBody {
  const body: ErrorBody = {
    status: error.code,
    message: error.message,
    requestId,
    retryable: error.retryable,
    scope: error.scope,
  };
  if (error.retryAfter !== undefined) body.retryAfter = error.retryAfter;
  return body;
}
