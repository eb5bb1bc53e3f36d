import type { Clock } from "../lib/clock.ts";
import type { Random } from "../lib/random.ts";
import type { Store } from "../store/types.ts";
import type { WebhookService } from "../webhooks/service.ts";

/**
 * What catalogue handlers (and the gateway) may use. The composition root (src/app.ts,
 * src/cli/serve.ts) fills it. Each part of welink adds its own OPTIONAL field here with a
 * one-line edit (the engine its scheduler, the webhooks their dispatcher, the driver its
 * client), so a handler reaches its collaborators without importing a singleton.
 */
export interface AppDeps {
  store: Store;
  clock: Clock;
  random?: Random;
  /** Called after requests were committed, with the accounts that got new work. */
  onEnqueued?: (accountIds: string[]) => void;
  /** webhook_set / _get / _deliveries / _replay / _test (src/webhooks/service.ts). */
  webhooks?: WebhookService;
  /** Lanes, limits and trackers (src/engine/handle.ts). */
  engine?: import("../engine/handle.ts").EngineHandle;
  /** LinkedIn sessions and per-account clients (src/linkedin/session/manager.ts). */
  sessions?: import("../linkedin/session/manager.ts").SessionManager;
}
