import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { type Catalogue, codesOf } from "../catalog/index.ts";
import { CATALOG } from "../errors/index.ts";
import { API_PREFIX } from "./routes.ts";
import { type ConcernOptions, concern } from "./types.ts";

const ERROR_STATUSES = ["400", "401", "404", "429", "500"] as const;

function inputSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/** The OpenAPI 3.1 document, generated from the catalogue (the same schemas that validate). */
export function openApiDocument(catalogue: Catalogue, version = "0.1.0"): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const errorResponses = Object.fromEntries(
    ERROR_STATUSES.map((s) => [s, { $ref: `#/components/responses/Error${s}` }]),
  );
  for (const action of catalogue.values()) {
    const ok =
      action.mode === "async"
        ? { $ref: "#/components/responses/Queued" }
        : { description: "The answer", content: { "application/json": { schema: {} } } };
    paths[`${API_PREFIX}/${action.name}`] = {
      post: {
        operationId: action.name,
        summary: action.summary,
        tags: [action.family],
        parameters: action.mode === "async" ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : undefined,
        requestBody: { required: true, content: { "application/json": { schema: inputSchema(action.input) } } },
        responses: { "200": ok, ...errorResponses },
        "x-welink-mode": action.mode,
        "x-welink-codes": codesOf(action),
        ...(action.bucket ? { "x-welink-bucket": action.bucket } : {}),
        ...(action.tier ? { "x-welink-tier": action.tier } : {}),
        ...(action.messageSync ? { "x-welink-message-sync": true } : {}),
      },
    };
  }
  paths["/health"] = {
    get: {
      operationId: "health",
      summary: "200 when the store is reachable",
      security: [],
      responses: { "200": { description: "healthy" }, "500": { $ref: "#/components/responses/Error500" } },
    },
  };
  const errorBody = {
    type: "object",
    required: ["status", "message", "requestId"],
    properties: {
      status: { type: "string", enum: Object.keys(CATALOG) },
      message: { type: "string" },
      requestId: { type: "string" },
      retryable: { type: "boolean" },
      scope: { type: "string", enum: ["request", "prospect", "account", "session"] },
      retryAfter: { type: "integer", description: "seconds (429 only; also the Retry-After header)" },
    },
  };
  const responses: Record<string, unknown> = {
    Queued: {
      description: "Accepted: the result follows as a webhook and through get_response",
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["status", "requestId", "request_id"],
            properties: {
              status: { const: "QUEUED" },
              requestId: { type: "string" },
              request_id: { type: "string" },
              accountId: { type: "string", description: "login_v2, login and login_cookie" },
            },
          },
        },
      },
    },
  };
  for (const s of ERROR_STATUSES) {
    responses[`Error${s}`] = {
      description: `Error (${s})`,
      headers: s === "429" ? { "Retry-After": { schema: { type: "integer" } } } : undefined,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "welink",
      version,
      description: "Self-hostable LinkedIn automation API, wire-compatible with the We-Link API.",
    },
    servers: [{ url: "/" }],
    security: [{ apiKey: [], apiSecret: [] }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
        apiSecret: { type: "apiKey", in: "header", name: "x-api-secret" },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "same key + same body within 24 h: the original acknowledgement",
          schema: { type: "string", maxLength: 255 },
        },
      },
      schemas: { Error: errorBody },
      responses,
    },
  };
}

/** GET /openapi.json (no key needed: it describes, it does not act). */
export const openapi = concern(async (app: FastifyInstance, { options }: ConcernOptions) => {
  const document = JSON.stringify(openApiDocument(options.catalogue));
  app.get("/openapi.json", async (_request, reply) => reply.type("application/json").send(document));
});
