import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { errorBody, WelinkError } from "../errors/index.ts";
import { BODY_LIMIT, concern } from "./types.ts";

/**
 * The one place an error becomes an answer: every non-200 carries the seed's error body
 * (`status`, `message`, `requestId`, plus `retryable`, `scope`, `retryAfter`), never a
 * stack trace. Fastify's own failures (body parsing, content types, sizes) are mapped to
 * INVALID_REQUEST; anything unexpected is logged and answered as INTERNAL_ERROR.
 */
export function toWelinkError(error: unknown): WelinkError {
  if (error instanceof WelinkError) return error;
  const e = error as Partial<FastifyError>;
  switch (e.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new WelinkError("INVALID_REQUEST", `request body is larger than ${BODY_LIMIT} bytes (1 MiB)`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_TYPE":
      return new WelinkError("INVALID_REQUEST", "Content-Type must be application/json");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new WelinkError("INVALID_REQUEST", "body: empty; send a JSON object ({} when there are no fields)");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new WelinkError("INVALID_REQUEST", "Content-Length does not match the body");
  }
  if (error instanceof SyntaxError || e.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return new WelinkError("INVALID_REQUEST", "body: malformed JSON");
  }
  const status = e.statusCode ?? 500;
  if (status === 404) return new WelinkError("NOT_FOUND");
  if (status >= 400 && status < 500) return new WelinkError("INVALID_REQUEST", "the request could not be read");
  return new WelinkError("INTERNAL_ERROR");
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: WelinkError): FastifyReply {
  if (error.retryAfter !== undefined) reply.header("retry-after", String(error.retryAfter));
  return reply.code(error.httpStatus).send(errorBody(error, request.id));
}

export const errors = concern(async (app: FastifyInstance) => {
  app.setErrorHandler((error, request, reply) => {
    const welink = toWelinkError(error);
    if (welink.code === "INTERNAL_ERROR") request.log.error({ err: error, requestId: request.id }, "internal error");
    return sendError(reply, request, welink);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      request,
      new WelinkError("NOT_FOUND", `unknown endpoint ${request.method} ${request.url.split("?")[0]}`),
    ),
  );
});
