import { WelinkError } from "../errors/index.ts";
import { isAllowed } from "./ip-list.ts";
import type { Caller } from "./types.ts";

/** A key with an allow-list answers IP_NOT_ALLOWED to callers outside it. */
export function checkIp(caller: Caller, ip: string): void {
  const list = caller.allowList;
  if (list && !isAllowed(list, ip)) {
    throw new WelinkError("IP_NOT_ALLOWED", `IP address ${ip} is not in this key's allow-list`);
  }
}
