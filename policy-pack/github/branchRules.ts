import { CheckedResource, Guardrail, Levels, resourceGuardrail } from "../lib/guardrail";
import type { Severity } from "@pulumi/policy";
import { matches } from "../lib/glob";
import { Props, block, bool, containsUnknown, num, str, strings } from "../lib/values";

export const BRANCH_PROTECTION = "github:index/branchProtection:BranchProtection";
export const RULESET = "github:index/repositoryRuleset:RepositoryRuleset";
export const BRANCH_RULE_TYPES = [BRANCH_PROTECTION, RULESET];

/** Branch protection and rulesets, read into one shape with the provider defaults applied. */
export interface BranchRules {
  /** How messages name it: `branch protection "prod"` or `ruleset "prod rules"`. */
  readonly label: string;
  readonly branches: readonly string[];
  readonly forcePushAllowed: boolean;
  readonly deletionAllowed: boolean;
  readonly reviews:
    | {
        readonly count: number;
        readonly dismissStale: boolean;
        readonly lastPush: boolean;
        readonly codeOwners: boolean;
      }
    | undefined;
  readonly checks: { readonly strict: boolean; readonly contexts: readonly string[] } | undefined;
  readonly adminsEnforced: boolean;
  readonly bypassers: readonly string[];
  readonly signedCommits: boolean;
  readonly linearHistory: boolean;
  readonly conversationResolution: boolean;
}

function fromBranchProtection(p: Props): BranchRules {
  const reviews = block(p.requiredPullRequestReviews);
  const checks = block(p.requiredStatusChecks);
  return {
    label: `branch protection "${str(p.pattern) ?? "?"}"`,
    branches: strings(p.pattern) ?? [],
    forcePushAllowed: bool(p.allowsForcePushes) ?? false,
    deletionAllowed: bool(p.allowsDeletions) ?? false,
    reviews:
      reviews === undefined
        ? undefined
        : {
            count: num(reviews.requiredApprovingReviewCount) ?? 1,
            dismissStale: bool(reviews.dismissStaleReviews) ?? false,
            lastPush: bool(reviews.requireLastPushApproval) ?? false,
            codeOwners: bool(reviews.requireCodeOwnerReviews) ?? false,
          },
    checks:
      checks === undefined
        ? undefined
        : { strict: bool(checks.strict) ?? false, contexts: strings(checks.contexts) ?? [] },
    adminsEnforced: bool(p.enforceAdmins) ?? false,
    bypassers: [...(strings(p.forcePushBypassers) ?? []), ...(strings(reviews?.pullRequestBypassers) ?? [])],
    signedCommits: bool(p.requireSignedCommits) ?? false,
    linearHistory: bool(p.requiredLinearHistory) ?? false,
    conversationResolution: bool(p.requireConversationResolution) ?? false,
  };
}

function fromRuleset(p: Props): BranchRules {
  const rules = block(p.rules) ?? {};
  const refName = block(block(p.conditions)?.refName);
  const pr = block(rules.pullRequest);
  const checks = block(rules.requiredStatusChecks);
  const required = Array.isArray(checks?.requiredChecks) ? (checks.requiredChecks as Props[]) : [];
  const bypass = Array.isArray(p.bypassActors) ? (p.bypassActors as Props[]) : [];
  return {
    label: `ruleset "${str(p.name) ?? "?"}"`,
    branches: (strings(refName?.includes) ?? []).map((r) => r.replace(/^refs\/heads\//, "")),
    forcePushAllowed: bool(rules.nonFastForward) !== true,
    deletionAllowed: bool(rules.deletion) !== true,
    reviews:
      pr === undefined
        ? undefined
        : {
            count: num(pr.requiredApprovingReviewCount) ?? 0,
            dismissStale: bool(pr.dismissStaleReviewsOnPush) ?? false,
            lastPush: bool(pr.requireLastPushApproval) ?? false,
            codeOwners: bool(pr.requireCodeOwnerReview) ?? false,
          },
    checks:
      checks === undefined
        ? undefined
        : {
            strict: bool(checks.strictRequiredStatusChecksPolicy) ?? false,
            contexts: required.map((c) => str(c.context)).filter((c): c is string => c !== undefined),
          },
    adminsEnforced: bypass.length === 0,
    bypassers: bypass.map((b) => `${str(b.actorType) ?? "?"}:${num(b.actorId) ?? "?"}`),
    signedCommits: bool(rules.requiredSignatures) ?? false,
    linearHistory: bool(rules.requiredLinearHistory) ?? false,
    conversationResolution: bool(pr?.requiredReviewThreadResolution) ?? false,
  };
}

/** The properties the rules are read from (not the repository reference, which is unknown until it exists). */
const RULE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  [BRANCH_PROTECTION]: [
    "pattern",
    "allowsForcePushes",
    "allowsDeletions",
    "requiredPullRequestReviews",
    "requiredStatusChecks",
    "enforceAdmins",
    "forcePushBypassers",
    "requireSignedCommits",
    "requiredLinearHistory",
    "requireConversationResolution",
  ],
  [RULESET]: ["name", "rules", "conditions", "bypassActors"],
};

/**
 * The rules of a BranchProtection or ruleset that covers one of the prod branches, or undefined: also while any
 * rule is unknown (preview), since the same check runs again at `up` with every value known.
 */
export function prodBranchRules(resource: CheckedResource, prodBranches: readonly string[]): BranchRules | undefined {
  if ((RULE_PROPERTIES[resource.type] ?? []).some((k) => containsUnknown(resource.props[k]))) return undefined;
  const rules =
    resource.type === BRANCH_PROTECTION ? fromBranchProtection(resource.props) : fromRuleset(resource.props);
  const covers = rules.branches.some((pattern) => prodBranches.some((b) => pattern === b || matches(pattern, b)));
  return covers ? rules : undefined;
}

export const PROD_BRANCHES_CONFIG = {
  type: "array" as const,
  items: { type: "string" as const },
  description: "Branches that deploy to prod; protection rules covering them are checked.",
  default: ["prod"],
};

/** A guardrail on the rules that protect the prod branches: `check` sees them read into one shape. */
export function prodBranchGuardrail(def: {
  name: string;
  catalogueId: string;
  description: string;
  severity: Severity;
  remediationSteps: string;
  levels: Levels;
  check: (rules: BranchRules) => string[];
}): Guardrail {
  const { check, ...rest } = def;
  return resourceGuardrail<{ prodBranches: string[] }>({
    ...rest,
    config: { prodBranches: PROD_BRANCHES_CONFIG },
    resourceTypes: BRANCH_RULE_TYPES,
    check: (resource, config) => {
      const rules = prodBranchRules(resource, config.prodBranches);
      return rules === undefined ? [] : check(rules);
    },
  });
}
