import type { z } from "zod";
import { WelinkError } from "../errors/index.ts";

/** INVALID_REQUEST naming the offending field: `profile_id: Invalid input: expected string…`. */
export function validationError(error: z.ZodError): WelinkError {
  const issue = error.issues[0];
  if (!issue) return new WelinkError("INVALID_REQUEST");
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "body";
  let message = issue.message;
  if (issue.code === "invalid_type" && issue.path.length > 0 && /received undefined/.test(message)) {
    message = "required";
  }
  if (issue.code === "unrecognized_keys") message = `unknown field(s) ${issue.keys.join(", ")}`;
  return new WelinkError("INVALID_REQUEST", `${field}: ${message}`);
}

/** Parses a body against an action's schema; a missing body counts as `{}`. */
export function parseInput(schema: z.ZodType, body: unknown): unknown {
  const result = schema.safeParse(body === undefined || body === null ? {} : body);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
