import { expect } from "chai";
import { parseStateExport } from "../adopt/state";
import { OAUTH_INLINE_HOOK_TYPE } from "../components/oauthInlineHook";

/** A `pulumi stack export` (apitype.UntypedDeployment, version 3) of stack prod holding the given resources. */
function exportOf(resources: readonly { type: string; name: string; id?: string }[]): string {
  return JSON.stringify({
    version: 3,
    deployment: {
      resources: [
        {
          urn: "urn:pulumi:prod::okta-mmod::pulumi:pulumi:Stack::okta-mmod-prod",
          custom: false,
          type: "pulumi:pulumi:Stack",
        },
        ...resources.map((r) => ({
          urn: `urn:pulumi:prod::okta-mmod::okta-mmod:org:OktaOrg$${r.type}::${r.name}`,
          custom: true,
          type: r.type,
          ...(r.id === undefined ? {} : { id: r.id }),
        })),
      ],
    },
  });
}

describe("a stack's state (adopt/state.ts)", () => {
  it("counts the dynamic registration hook as an Okta object the stack manages, by its id", () => {
    const state = parseStateExport(
      exportOf([
        { type: "okta:index/hookKey:HookKey", name: "org-hook-key-registration", id: "HKY1registrationkey" },
        { type: OAUTH_INLINE_HOOK_TYPE, name: "org-hook-registration", id: "cal1registrationhook" },
        // Another program's dynamic resource (same provider, other module and type) is no Okta object.
        { type: "pulumi-nodejs:dynamic:Resource", name: "something-else", id: "not-okta-1" },
        { type: "pulumi:providers:okta", name: "org-provider", id: "a3f0c7e2-provider" },
      ]),
      "prod.json",
    );
    expect([...state.ids].sort()).to.deep.equal(["HKY1registrationkey", "cal1registrationhook"]);
    expect(state.resources).to.equal(2);
    expect(state.stack).to.equal("prod");
  });
});
