import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool, isUnknown, str } from "../lib/values";

export const repositoryPrivate = resourceGuardrail({
  name: "github-repository-private",
  catalogueId: "P01",
  description: "The repository that deploys the orgs is private or internal.",
  severity: "high",
  remediationSteps: 'Set visibility "private" (or "internal" in an enterprise).',
  levels: PROD_MANDATORY,
  resourceTypes: ["github:index/repository:Repository"],
  check: ({ props }) => {
    if (isUnknown(props.visibility) || isUnknown(props.private)) return [];
    const visibility = str(props.visibility)?.toLowerCase() ?? (bool(props.private) === true ? "private" : undefined);
    return visibility === "private" || visibility === "internal"
      ? []
      : [
          `visibility is ${visibility === undefined ? "unset, so public" : `"${visibility}"`}: use "private" or "internal"`,
        ];
  },
});
