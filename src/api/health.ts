import type { FastifyInstance } from "fastify";
import { WelinkError } from "../errors/index.ts";
import { type ConcernOptions, concern } from "./types.ts";

/** GET /health: 200 when the store answers, else 500 in the error shape. */
export const health = concern(async (app: FastifyInstance, { deps }: ConcernOptions) => {
  app.get("/health", async () => {
    const ok = await deps.store.ping().catch(() => false);
    if (!ok) throw new WelinkError("INTERNAL_ERROR", "store unreachable");
    return { status: "ok", store: deps.store.dialect };
  });
});
