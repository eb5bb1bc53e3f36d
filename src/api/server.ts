import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { AppDeps } from "../catalog/index.ts";
import { buildApp } from "./app.ts";
import type { ApiOptions } from "./types.ts";

export interface RunningApi {
  app: FastifyInstance;
  /** `http://host:port` as bound (port 0 resolved). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartApiOptions extends ApiOptions {
  port: number;
  host: string;
  logger?: FastifyBaseLogger | false;
}

/** Builds the gateway and listens. The composition root calls this once per process. */
export async function startApi(deps: AppDeps, options: StartApiOptions): Promise<RunningApi> {
  const app = await buildApp(deps, options);
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  return { app, url: `http://${shownHost}:${port}`, port, close: () => app.close() };
}
