import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import { errorBody, WelinkError } from "../errors/index.ts";

/**
 * Answers requests Node's HTTP parser rejects before Fastify sees them (a header with a
 * line break, a broken request line, headers over the size limit) in the seed's error
 * shape, like every other non-200 answer, then closes the connection.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const problem = new WelinkError(
    "INVALID_REQUEST",
    tooLarge ? "request headers are too large" : "malformed HTTP request",
  );
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody(problem, requestId));
  socket.end(
    [
      "HTTP/1.1 400 Bad Request",
      "content-type: application/json; charset=utf-8",
      `content-length: ${Buffer.byteLength(body)}`,
      `x-request-id: ${requestId}`,
      "connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}
