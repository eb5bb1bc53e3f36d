/**
 * The sandbox's one error type. A rule that LinkedIn would refuse throws a SandboxRefusal
 * carrying LinkedIn's own code (the seed's spelling where the seed has one) and the HTTP
 * status LinkedIn answers with; the http layer turns it into a LinkedIn-shaped answer.
 */

export class SandboxRefusal extends Error {
  readonly code: string;
  readonly httpStatus: number;

  constructor(code: string, message?: string, httpStatus?: number) {
    super(message ?? code);
    this.name = "SandboxRefusal";
    this.code = code;
    this.httpStatus = httpStatus ?? STATUS_BY_CODE[code] ?? 400;
  }
}

/** Statuses as LinkedIn answers them; anything not listed is a 400. */
export const STATUS_BY_CODE: Record<string, number> = {
  WRONG_PASSWORD: 401,
  PIN_REQUIRED: 401,
  WRONG_PIN: 401,
  ACCOUNT_RESTRICTED: 403,
  RECRUITER_AUTH_REQUIRED: 401,
  RECRUITER_ACKNOWLEDGEMENT_REQUIRED: 409,
  RECRUITER_LOGIN_SUBMISSION_FAILED: 403,
  SALES_SEAT_REQUIRED: 403,
  FUSE_LIMIT_EXCEEDED: 429,
  STATUS_429: 429,
  COMMERCIAL_USE_LIMIT: 429,
  PROFILE_NOT_FOUND: 404,
  "404_PROFILE_ID": 404,
  "404_COMPANY": 404,
  COMPANY_ID_NOT_FOUND: 404,
  EVENT_NOT_FOUND: 404,
  NO_ACTIVITY_FOUND: 404,
  NO_INVITATION_FOUND: 404,
  INVITATION_ID_NOT_FOUND: 404,
  RECIPIENT_NOT_FIRST_DEGREE_CONNECTION: 403,
  UNAUTHORIZED_VIEWER: 403,
  CONTACT_INFO_FETCH_FAILED: 403,
  NO_GROUP_DATA: 403,
  EVENT_FETCH_FAILED: 403,
  FORBIDDEN: 403,
  CANNOT_INVITE: 403,
  TOTAL_COUNT_FAILED: 500,
  DATAFETCHINGEXCEPTION: 500,
};

export function refuse(code: string, message?: string, httpStatus?: number): never {
  throw new SandboxRefusal(code, message, httpStatus);
}
