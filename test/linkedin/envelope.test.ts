import { describe, expect, it } from "vitest";
import { denormalize, graphqlRoot, restliRoot, ShapeError } from "../../src/linkedin/envelope.ts";
import { wire } from "./wire.ts";

const profile = {
  $type: "com.linkedin.voyager.dash.identity.profile.Profile",
  entityUrn: "urn:li:fsd_profile:ACoA1",
  firstName: "Ada",
};

describe("reading the three envelopes alike (sandbox-protocol.md §1.3)", () => {
  it("normalized collections: *elements resolved through included", () => {
    const body = {
      data: {
        $type: "com.linkedin.restli.common.CollectionResponse",
        "*elements": ["urn:li:fsd_profile:ACoA1"],
        paging: { total: 1 },
      },
      included: [profile],
    };
    expect(restliRoot(wire(200, body)).elements).toEqual([profile]);
  });

  it("nested *refs, lists of refs, and unknown refs become null", () => {
    const out = denormalize({ "*miniProfile": "urn:a", items: [{ "*entityResult": "urn:b" }], "*gone": "urn:zzz" }, [
      { entityUrn: "urn:a", name: "A" },
      { entityUrn: "urn:b", "*miniProfile": "urn:a" },
    ]);
    expect(out).toEqual({
      miniProfile: { entityUrn: "urn:a", name: "A" },
      items: [{ entityResult: { entityUrn: "urn:b", miniProfile: { entityUrn: "urn:a", name: "A" } } }],
      gone: null,
    });
  });

  it("GraphQL: flat, normalized (data.data) and errors", () => {
    const flat = wire(200, { data: { searchDashClustersByAll: { elements: [] } } });
    expect(graphqlRoot(flat, "searchDashClustersByAll").root).toEqual({ elements: [] });
    const normalized = wire(200, {
      data: { data: { identityDashProfilesByMemberIdentity: { "*elements": ["urn:li:fsd_profile:ACoA1"] } } },
      included: [profile],
    });
    expect(graphqlRoot(normalized, "identityDashProfilesByMemberIdentity").root).toEqual({ elements: [profile] });
    const refused = wire(200, {
      data: { createContentcreationDashShares: null },
      errors: [{ message: "no", extensions: { code: "NO_CONTENT_OR_MEDIA", classification: "ValidationError" } }],
    });
    expect(graphqlRoot(refused, "createContentcreationDashShares").errors).toEqual([
      { message: "no", code: "NO_CONTENT_OR_MEDIA", classification: "ValidationError" },
    ]);
    const refusedNormalized = wire(200, {
      data: { data: { x: null }, errors: [{ message: "m", extensions: { code: "C" } }] },
      included: [],
    });
    expect(graphqlRoot(refusedNormalized, "x").errors[0]?.code).toBe("C");
  });

  it("HTML or garbage is a ShapeError", () => {
    expect(() => restliRoot(wire(200, "<html>"))).toThrow(ShapeError);
  });
});
