import { CheckedResource, Guardrail, Levels, resourceGuardrail } from "../lib/guardrail";
import type { Severity } from "@pulumi/policy";
import { minimatch } from "minimatch";
import { Props, block, bool, containsUnknown, num, str, strings } from "../lib/values";

export const BRANCH_PROTECTION = "github:index/branchProtection:BranchProtection";
export const BRANCH_PROTECTION_V3 = "github:index/branchProtectionV3:BranchProtectionV3";
export const RULESET = "github:index/repositoryRuleset:RepositoryRuleset";
export const ORG_RULESET = "github:index/organizationRuleset:OrganizationRuleset";
/** Every resource type that protects branches: classic protection (GraphQL and REST) and rulesets (repository, organization). */
export const BRANCH_RULE_TYPES = [BRANCH_PROTECTION, BRANCH_PROTECTION_V3, RULESET, ORG_RULESET];

/** Branch protection and rulesets, read into one shape with the provider defaults applied. */
export interface BranchRules {
  /** How messages name it: `branch protection "prod"` or `ruleset "prod rules"`. */
  readonly label: string;
  /** fnmatch patterns of the branches covered (GitHub's syntax: `*`, `?`, `[...]`), and those left out. */
  readonly branches: readonly string[];
  readonly excludedBranches: readonly string[];
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

/** Required reviews as both classic protection resources (GraphQL and REST) declare them, with GitHub's defaults. */
function classicReviews(reviews: Props | undefined): BranchRules["reviews"] {
  return reviews === undefined
    ? undefined
    : {
        count: num(reviews.requiredApprovingReviewCount) ?? 1,
        dismissStale: bool(reviews.dismissStaleReviews) ?? false,
        lastPush: bool(reviews.requireLastPushApproval) ?? false,
        codeOwners: bool(reviews.requireCodeOwnerReviews) ?? false,
      };
}

function fromBranchProtection(p: Props): BranchRules {
  const reviews = block(p.requiredPullRequestReviews);
  const checks = block(p.requiredStatusChecks);
  return {
    label: `branch protection "${str(p.pattern) ?? "?"}"`,
    branches: strings(p.pattern) ?? [],
    excludedBranches: [],
    forcePushAllowed: bool(p.allowsForcePushes) ?? false,
    deletionAllowed: bool(p.allowsDeletions) ?? false,
    reviews: classicReviews(reviews),
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

/** The REST API's protection: one exact branch, no force-push or deletion settings (both stay off). */
function fromBranchProtectionV3(p: Props): BranchRules {
  const reviews = block(p.requiredPullRequestReviews);
  const checks = block(p.requiredStatusChecks);
  const allowances = block(reviews?.bypassPullRequestAllowances);
  return {
    label: `branch protection "${str(p.branch) ?? "?"}"`,
    branches: strings(p.branch) ?? [],
    excludedBranches: [],
    forcePushAllowed: false,
    deletionAllowed: false,
    reviews: classicReviews(reviews),
    checks:
      checks === undefined
        ? undefined
        : {
            strict: bool(checks.strict) ?? false,
            // `checks` entries are "context:app_id"; the context is what CI reports.
            contexts: [
              ...(strings(checks.contexts) ?? []),
              ...(strings(checks.checks) ?? []).map((c) => c.replace(/:\d+$/, "")),
            ],
          },
    adminsEnforced: bool(p.enforceAdmins) ?? false,
    bypassers: ["users", "teams", "apps"].flatMap((k) => strings(allowances?.[k]) ?? []),
    signedCommits: bool(p.requireSignedCommits) ?? false,
    linearHistory: false,
    conversationResolution: bool(p.requireConversationResolution) ?? false,
  };
}

/** A ruleset that is not `active` (`disabled`, or `evaluate`: report only) enforces none of its rules. */
const NOT_ENFORCED: Omit<BranchRules, "label" | "branches" | "excludedBranches"> = {
  forcePushAllowed: true,
  deletionAllowed: true,
  reviews: undefined,
  checks: undefined,
  adminsEnforced: false,
  bypassers: [],
  signedCommits: false,
  linearHistory: false,
  conversationResolution: false,
};

const refPatterns = (value: unknown) => (strings(value) ?? []).map((r) => r.replace(/^refs\/heads\//, ""));

function fromRuleset(p: Props): BranchRules {
  const rules = block(p.rules) ?? {};
  const refName = block(block(p.conditions)?.refName);
  const target = str(p.target)?.toLowerCase();
  const coverage = {
    branches: target === undefined || target === "branch" ? refPatterns(refName?.includes) : [],
    excludedBranches: refPatterns(refName?.excludes),
  };
  const enforcement = str(p.enforcement)?.toLowerCase();
  if (enforcement !== "active") {
    return {
      label: `ruleset "${str(p.name) ?? "?"}" (enforcement "${enforcement ?? "unset"}", so none of its rules apply)`,
      ...coverage,
      ...NOT_ENFORCED,
    };
  }
  const pr = block(rules.pullRequest);
  const checks = block(rules.requiredStatusChecks);
  const required = Array.isArray(checks?.requiredChecks) ? (checks.requiredChecks as Props[]) : [];
  const bypass = Array.isArray(p.bypassActors) ? (p.bypassActors as Props[]) : [];
  return {
    label: `ruleset "${str(p.name) ?? "?"}"`,
    ...coverage,
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
  [BRANCH_PROTECTION_V3]: [
    "branch",
    "enforceAdmins",
    "requiredPullRequestReviews",
    "requiredStatusChecks",
    "requireSignedCommits",
    "requireConversationResolution",
  ],
  [RULESET]: ["name", "rules", "conditions", "bypassActors", "enforcement", "target"],
  [ORG_RULESET]: ["name", "rules", "conditions", "bypassActors", "enforcement", "target"],
};

/** Whether a GitHub branch pattern (fnmatch, `*` not crossing `/`) or ruleset ref condition names the branch. */
function names(pattern: string, branch: string): boolean {
  return pattern === "~ALL" || minimatch(branch, pattern, { nobrace: true, noext: true, dot: true, nocomment: true });
}

/**
 * The rules of a BranchProtection or ruleset that covers one of the prod branches, or undefined: also while any
 * rule is unknown (preview), since the same check runs again at `up` with every value known.
 */
export function prodBranchRules(resource: CheckedResource, prodBranches: readonly string[]): BranchRules | undefined {
  if ((RULE_PROPERTIES[resource.type] ?? []).some((k) => containsUnknown(resource.props[k]))) return undefined;
  const rules =
    resource.type === BRANCH_PROTECTION
      ? fromBranchProtection(resource.props)
      : resource.type === BRANCH_PROTECTION_V3
        ? fromBranchProtectionV3(resource.props)
        : fromRuleset(resource.props);
  const covers = prodBranches.some(
    (b) => rules.branches.some((p) => names(p, b)) && !rules.excludedBranches.some((p) => names(p, b)),
  );
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
