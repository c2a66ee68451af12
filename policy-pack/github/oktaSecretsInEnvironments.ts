import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { matches } from "../lib/glob";
import { str } from "../lib/values";

export const oktaSecretsInEnvironments = resourceGuardrail<{ secretPatterns: string[] }>({
  name: "github-okta-secrets-in-environments",
  catalogueId: "P10",
  description:
    "Okta credentials are GitHub environment secrets (behind the environment's reviewers), never repository secrets.",
  severity: "critical",
  remediationSteps:
    "Declare the secret with github.ActionsEnvironmentSecret on the stack's environment and delete the repository secret.",
  levels: PROD_MANDATORY,
  config: {
    secretPatterns: {
      type: "array",
      items: { type: "string" },
      description: "Secret names (patterns with *) that hold Okta credentials.",
      default: ["OKTA_*"],
    },
  },
  resourceTypes: ["github:index/actionsSecret:ActionsSecret"],
  check: ({ props }, config) => {
    const name = str(props.secretName);
    return name !== undefined && config.secretPatterns.some((p) => matches(p, name))
      ? [`${name} is a repository secret: any workflow run can read it; make it an environment secret`]
      : [];
  },
});
