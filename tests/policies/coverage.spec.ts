import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { SIGN_IN_APPS, ACCESS_POLICY_ASSIGNMENT } from "../../policy-pack/okta-apps/requireSignOnPolicy";
import { ADMIN_ROLE_GRANTS } from "../../policy-pack/okta-org/adminNotificationsAndSuperAdmins";
import { policies } from "../../policy-pack/policies";
import { PROJECT_DIR } from "../support";

/** Every resource type token an installed SDK declares (`static __pulumiType = '...'` in its classes). */
function sdkTypes(pkg: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules") walk(full);
      else if (entry.name.endsWith(".js")) {
        for (const m of fs.readFileSync(full, "utf8").matchAll(/static __pulumiType = '([^']+)'/g))
          found.add(m[1] as string);
      }
    }
  };
  walk(path.join(PROJECT_DIR, "node_modules", "@pulumi", pkg));
  return [...found].sort();
}

/** Types some policy names: resource policies' own lists, and the lists stack policies read. */
const NAMED = new Set([
  ...policies.flatMap((p) => (p as { resourceTypes?: readonly string[] }).resourceTypes ?? []),
  ...SIGN_IN_APPS,
  ACCESS_POLICY_ASSIGNMENT,
  ...Object.keys(ADMIN_ROLE_GRANTS),
  "okta:index/appGroupAssignments:AppGroupAssignments",
  "okta:app/groupAssignment:GroupAssignment",
]);

/**
 * Families of types that can express what a policy guards, and the members reviewed as unable to: a new SDK
 * version that adds a member to a family fails this test until a policy names it or it is reviewed here.
 */
const FAMILIES: readonly { name: string; sdk: string; member: RegExp; reviewed: Record<string, string> }[] = [
  {
    name: "GitHub secrets and variables (P10)",
    sdk: "github",
    member: /^github:index\/\w*(Secret|Variable):/,
    reviewed: {
      "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret": "the place P10 requires for credentials",
    },
  },
  {
    name: "GitHub branch protection (P02-P06)",
    sdk: "github",
    member: /^github:index\/(branchProtection\w*|\w*[rR]uleset):/,
    reviewed: {},
  },
  {
    name: "Okta admin role grants (G28)",
    sdk: "okta",
    member: /Role/,
    reviewed: {
      "okta:index/adminRoleCustom:AdminRoleCustom": "defines a custom role's permissions; grants it to no one",
      "okta:index/adminRoleTargets:AdminRoleTargets": "narrows the targets of a role already granted",
      "okta:index/roleSubscription:RoleSubscription": "subscribes a role to notifications",
    },
  },
  {
    name: "Okta apps (G10 and the app policies)",
    sdk: "okta",
    member: /^okta:app\//,
    reviewed: {
      "okta:app/connection:Connection": "the app's provisioning connection, not how people sign in",
      "okta:app/features:Features": "the app's provisioning features",
      "okta:app/federatedClaim:FederatedClaim": "a claim in the app's tokens",
      "okta:app/token:Token": "revokes an OAuth token of the app",
      "okta:app/user:User": "assigns a user to the app; group assignments are checked by S02",
    },
  },
];

describe("policy coverage of the installed SDKs' resource types", () => {
  for (const family of FAMILIES) {
    it(`names every type of the family "${family.name}"`, () => {
      const members = sdkTypes(family.sdk).filter((t) => family.member.test(t));
      expect(members.length, "the family exists in the SDK").to.be.greaterThan(2);
      const uncovered = members.filter((t) => !NAMED.has(t) && family.reviewed[t] === undefined);
      expect(uncovered).to.deep.equal([]);
      // A reviewed type the SDK no longer has is stale.
      expect(Object.keys(family.reviewed).filter((t) => !members.includes(t))).to.deep.equal([]);
    });
  }

  it("knows the families' sizes in @pulumi/okta 7.0.0 and @pulumi/github 6.15.0", () => {
    expect(FAMILIES.map((f) => sdkTypes(f.sdk).filter((t) => f.member.test(t)).length)).to.deep.equal([11, 4, 20, 19]);
  });
});
