import { StackFinding, stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { num } from "../lib/values";
import { SIGNON_RULE } from "../okta-sign-on/types";

const PASSWORD_DEFAULT = "okta:index/policyPasswordDefault:PolicyPasswordDefault";

/**
 * The STIG's password and global session rules hold for every active policy of the org, and every org has an
 * active default password policy and a global session policy whose first rule decides. The resource policies
 * that enforce those rules only see what the stack declares: a stack that leaves them out would pass them all.
 */
export const passwordAndSessionManaged = stackGuardrail({
  name: "okta-password-and-session-policies-managed",
  catalogueId: "STIG",
  description:
    "The stack manages the org's default password policy and a priority 1 global session rule, so the STIG's password and session checks have something to check.",
  severity: "high",
  remediationSteps:
    "Import the default password policy as an okta.PolicyPasswordDefault, and declare an okta.policy.RuleSignon with priority 1 on the global session policy.",
  levels: STIG_ONLY,
  check: (resources) => {
    const found: StackFinding[] = [];
    if (!resources.some((r) => r.type === PASSWORD_DEFAULT)) {
      found.push({
        message:
          "the stack does not manage the default password policy (okta.PolicyPasswordDefault): its length, character classes, lockout, age and history are unchecked",
      });
    }
    if (!resources.some((r) => r.type === SIGNON_RULE && num(r.props.priority) === 1)) {
      found.push({
        message:
          "the stack declares no priority 1 global session rule (okta.policy.RuleSignon): session idle, lifetime, persistent cookies and network zones are unchecked",
      });
    }
    return found;
  },
});
