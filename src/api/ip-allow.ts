import type { FastifyInstance } from "fastify";
import { WelinkError } from "../errors/index.ts";
import { isAllowed } from "./ip-list.ts";
import { concern } from "./types.ts";

/** A key with an allow-list answers IP_NOT_ALLOWED to callers outside it. */
export const ipAllow = concern(async (app: FastifyInstance) => {
  app.addHook("onRequest", async (request) => {
    const list = request.caller?.allowList;
    if (list && !isAllowed(list, request.ip)) {
      throw new WelinkError("IP_NOT_ALLOWED", `IP address ${request.ip} is not in this key's allow-list`);
    }
  });
});
