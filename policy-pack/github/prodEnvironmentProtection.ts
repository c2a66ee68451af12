import { matches } from "../lib/glob";
import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { Props, block, bool, isUnknown, str } from "../lib/values";

interface Config {
  prodEnvironments: string[];
  readEnvironments: string[];
  alertEnvironments: string[];
}

function hasReviewers(props: Props): boolean {
  const reviewers = Array.isArray(props.reviewers) ? (props.reviewers as Props[]) : [];
  return reviewers.some(
    (r) => (Array.isArray(r.teams) && r.teams.length > 0) || (Array.isArray(r.users) && r.users.length > 0),
  );
}

export const prodEnvironmentProtection = resourceGuardrail<Config>({
  name: "github-prod-environment-protection",
  catalogueId: "P07",
  description:
    "The prod GitHub environment has required reviewers, prevents self-review, cannot be bypassed by admins and deploys only from named or protected branches; read-only environments (*-read) are exempt, and the drift alerts' environment needs no reviewers (a scheduled job nobody approves).",
  severity: "critical",
  remediationSteps:
    "Set reviewers, preventSelfReview: true, canAdminsBypass: false (the provider default is true) and deploymentBranchPolicy {customBranchPolicies: true} with the stack's own branch.",
  levels: PROD_MANDATORY,
  config: {
    prodEnvironments: {
      type: "array",
      items: { type: "string" },
      description:
        "GitHub environments (patterns with *) that deploy to prod; under the prod profile, all of the stack's.",
      default: ["*"],
    },
    readEnvironments: {
      type: "array",
      items: { type: "string" },
      description:
        "GitHub environments (patterns with *) that hold read-only credentials for previews and the drift check: never prod's write path.",
      default: ["*-read"],
    },
    alertEnvironments: {
      type: "array",
      items: { type: "string" },
      description:
        "GitHub environments (patterns with *) that hold the drift check's alerting (issues, the Slack webhook) and no org credential: no reviewers, but still no admin bypass and only their own branch.",
      default: ["drift-alerts"],
    },
  },
  resourceTypes: ["github:index/repositoryEnvironment:RepositoryEnvironment"],
  check: ({ props }, config) => {
    const name = str(props.environment);
    if (name === undefined || !config.prodEnvironments.some((p) => matches(p, name))) return [];
    if (config.readEnvironments.some((p) => matches(p, name))) return [];
    const found: string[] = [];
    const approved = !config.alertEnvironments.some((p) => matches(p, name));
    if (approved && !isUnknown(props.reviewers) && !hasReviewers(props))
      found.push(`environment "${name}" has no required reviewers`);
    if (approved && bool(props.preventSelfReview) !== true && !isUnknown(props.preventSelfReview))
      found.push(`environment "${name}" lets the author of a deployment approve it`);
    if (bool(props.canAdminsBypass) !== false && !isUnknown(props.canAdminsBypass)) {
      found.push(
        `environment "${name}" lets admins bypass its protection (canAdminsBypass ${props.canAdminsBypass === undefined ? "unset, so true" : "true"})`,
      );
    }
    const policy = block(props.deploymentBranchPolicy);
    const branchPolicyUnknown =
      isUnknown(props.deploymentBranchPolicy) ||
      isUnknown(policy?.protectedBranches) ||
      isUnknown(policy?.customBranchPolicies);
    // Custom branch policies admit only the branches listed for the environment (none listed: no branch).
    const restricted = bool(policy?.protectedBranches) === true || bool(policy?.customBranchPolicies) === true;
    if (!restricted && !branchPolicyUnknown) {
      found.push(
        `environment "${name}" deploys from any branch: set deploymentBranchPolicy.customBranchPolicies (its own branch) or protectedBranches`,
      );
    }
    return found;
  },
});
