import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import type { ActionDef } from "../catalog/index.ts";
import { authenticate, createKeyVerifier } from "./auth.ts";
import { checkIp } from "./ip-allow.ts";
import { KeyCeiling } from "./key-ceiling.ts";
import { checkKeyCeiling } from "./limits.ts";
import { checkScope } from "./scopes.ts";
import type { Caller, ConcernOptions } from "./types.ts";

export type GateHook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/**
 * What every `/api/v1` call passes before its body is read, in this order: the key
 * (auth.ts), the key's IP allow-list (ip-allow.ts), the key's scopes (scopes.ts), the
 * per-key ceiling (limits.ts). One callback hook per route, made for its action, instead
 * of an async hook per concern that looked the action up in `request.routeOptions` (a
 * getter that builds an object each time): when the key is in the auth cache, which is
 * every call but a key's first in `authCacheMs`, the gate runs synchronously, with no
 * promise and no microtask.
 */
export function createGate(app: FastifyInstance, { deps, options }: ConcernOptions): (action: ActionDef) => GateHook {
  const verifier = createKeyVerifier(deps.store, deps.clock, options.authCacheMs);
  const ceiling = new KeyCeiling(options.keyRatePerMinute);
  app.decorateRequest("caller", null);

  function admit(request: FastifyRequest, caller: Caller, action: ActionDef): void {
    request.caller = caller;
    checkIp(caller, request.ip);
    checkScope(caller, action);
    checkKeyCeiling(ceiling, caller, options, deps.clock.now());
  }

  return (action) => (request, _reply, done) => {
    let caller: Caller | Promise<Caller>;
    try {
      caller = authenticate(request.headers, verifier);
      if (!(caller instanceof Promise)) admit(request, caller, action);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (!(caller instanceof Promise)) {
      done();
      return;
    }
    caller.then(
      (known) => {
        let refused: Error | undefined;
        try {
          admit(request, known, action);
        } catch (error) {
          refused = error as Error;
        }
        done(refused);
      },
      (error: Error) => done(error),
    );
  };
}
