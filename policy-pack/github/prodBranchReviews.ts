import { Levels, resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { isUnknown, str } from "../lib/values";
import { BRANCH_RULE_TYPES, PROD_BRANCHES_CONFIG, prodBranchRules } from "./branchRules";

const CODEOWNERS_FILES = new Set(["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"]);
const REPOSITORY_FILE = "github:index/repositoryFile:RepositoryFile";

interface Config {
  prodBranches: string[];
  minApprovals: number;
  codeOwnedPaths: string[];
}

export function reviews(name: string, minApprovals: number, levels: Levels, full: boolean) {
  return resourceGuardrail<Config>({
    name,
    catalogueId: "P03",
    description: full
      ? "Changes to the prod branch need an approving review, stale approvals are dismissed, the last push is approved by someone else, and code owners review policy-pack/ and Pulumi.prod.yaml."
      : `Changes to the prod branch need at least ${minApprovals} approving reviews.`,
    severity: full ? "critical" : "low",
    remediationSteps: full
      ? "Require pull request reviews with dismissStaleReviews, requireLastPushApproval and requireCodeOwnerReviews, and a CODEOWNERS entry for each code-owned path."
      : `Set requiredApprovingReviewCount >= ${minApprovals}.`,
    levels,
    config: {
      prodBranches: PROD_BRANCHES_CONFIG,
      minApprovals: { type: "integer", description: "Fewest approving reviews.", default: minApprovals, minimum: 1 },
      codeOwnedPaths: {
        type: "array",
        items: { type: "string" },
        description: "Paths CODEOWNERS must assign to owners.",
        default: full ? ["policy-pack/", "Pulumi.prod.yaml"] : [],
      },
    },
    resourceTypes: [...BRANCH_RULE_TYPES, REPOSITORY_FILE],
    check: (resource, config) => {
      if (resource.type === REPOSITORY_FILE) {
        if (!CODEOWNERS_FILES.has(str(resource.props.file) ?? "") || isUnknown(resource.props.content)) return [];
        const lines = (str(resource.props.content) ?? "").split("\n").map((l) => l.trim().split(/\s+/));
        return config.codeOwnedPaths
          .filter((path) => !lines.some((l) => l.length > 1 && (l[0] === path || l[0] === `/${path}`)))
          .map((path) => `CODEOWNERS has no owner for ${path}`);
      }
      const rules = prodBranchRules(resource, config.prodBranches);
      if (rules === undefined) return [];
      if (rules.reviews === undefined) return [`${rules.label} does not require pull request reviews`];
      const found: string[] = [];
      if (rules.reviews.count < config.minApprovals) {
        found.push(
          `${rules.label} requires ${rules.reviews.count} approving reviews, fewer than ${config.minApprovals}`,
        );
      }
      if (!full) return found;
      if (!rules.reviews.dismissStale)
        found.push(`${rules.label} keeps approvals after new commits (dismiss stale reviews is off)`);
      if (!rules.reviews.lastPush) found.push(`${rules.label} does not require approval of the most recent push`);
      if (!rules.reviews.codeOwners) found.push(`${rules.label} does not require code owner reviews`);
      return found;
    },
  });
}

export const prodBranchReviews = reviews("github-prod-branch-reviews", 1, PROD_MANDATORY, true);
