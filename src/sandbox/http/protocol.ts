/**
 * The protocol profile the sandbox serves (sandbox-protocol.md §14): GraphQL persisted
 * query names and the hashes accepted for each. Queries are routed by name; hashes are
 * only checked in strict mode, so a client on an older or newer deploy still works unless
 * a test asks for drift.
 */

export const PROTOCOL_VERSION = "sandbox-2026.11";

export const QUERY_HASHES: Record<string, readonly string[]> = {
  voyagerSearchDashClusters: [
    "ef3d0937fb65bd7812e32e5a85028e79",
    "bb967969ef89137e6dec45d038310505",
    "b0928897b71bd00a5a7291755dcd64f0",
  ],
  voyagerIdentityDashProfiles: ["51ff9aaa53b15ecb2525bf84f837a655"],
  voyagerIdentityDashProfileComponents: ["0140d03f4ff6c47a0240902cc5fafbb5"],
  messengerConversations: ["791412243b1d5f907c4d5f86ff8c2ea4"],
  messengerMessages: ["b6ef64c8f3fe4d9aa40e1749fe275e08"],
  voyagerContentcreationDashShares: ["cbf49ff0771393a25e88852932dde0f9"],
  voyagerGroupsDashGroupMemberships: ["20062896345f13151e9f11305e92ce87"],
  voyagerEventsDashProfessionalEvents: ["8146a3fd6f0178673d394dcafc1bc175"],
};

/** `name.hash` → its parts; the hash may be absent (`name` alone). */
export function splitQueryId(queryId: string): { name: string; hash: string } {
  const dot = queryId.indexOf(".");
  return dot === -1 ? { name: queryId, hash: "" } : { name: queryId.slice(0, dot), hash: queryId.slice(dot + 1) };
}

export function hashAccepted(name: string, hash: string): boolean {
  return QUERY_HASHES[name]?.includes(hash) ?? false;
}
