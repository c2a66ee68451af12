import { resourceGuardrail } from "../lib/guardrail";
import { CREDENTIAL_NAME_PATTERN, isCredentialName } from "../lib/credentials";
import { PROD_MANDATORY } from "../lib/levels";
import { matches } from "../lib/glob";
import { str } from "../lib/values";

/** Secrets readable outside a GitHub environment's reviewers (repository-, organization- and user-wide), and what they are. */
const SECRETS_OUTSIDE_ENVIRONMENTS: Readonly<Record<string, string>> = {
  "github:index/actionsSecret:ActionsSecret": "a repository secret",
  "github:index/actionsOrganizationSecret:ActionsOrganizationSecret": "an organization secret",
  "github:index/dependabotSecret:DependabotSecret": "a Dependabot secret",
  "github:index/dependabotOrganizationSecret:DependabotOrganizationSecret": "an organization Dependabot secret",
  "github:index/codespacesSecret:CodespacesSecret": "a Codespaces secret",
  "github:index/codespacesOrganizationSecret:CodespacesOrganizationSecret": "an organization Codespaces secret",
  "github:index/codespacesUserSecret:CodespacesUserSecret": "a user's Codespaces secret",
};
/** Variables are stored and shown in plaintext, wherever they are declared. */
export const VARIABLES = [
  "github:index/actionsVariable:ActionsVariable",
  "github:index/actionsOrganizationVariable:ActionsOrganizationVariable",
  "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
];

interface Config {
  secretPatterns: string[];
  credentialPattern: string;
}

export const oktaSecretsInEnvironments = resourceGuardrail<Config>({
  name: "github-okta-secrets-in-environments",
  catalogueId: "P10",
  description:
    "Okta credentials are GitHub environment secrets (behind the environment's reviewers): never repository, organization, Dependabot or Codespaces secrets, and never variables.",
  severity: "critical",
  remediationSteps:
    "Declare the secret with github.ActionsEnvironmentSecret on the stack's environment and delete the other secret or variable.",
  levels: PROD_MANDATORY,
  config: {
    secretPatterns: {
      type: "array",
      items: { type: "string" },
      description: "Secret names (patterns with *, compared without regard to case) that hold Okta credentials.",
      default: ["OKTA_*"],
    },
    credentialPattern: {
      type: "string",
      description:
        "Case-insensitive regular expression for variable names that would hold a credential (on the snake-case name; names ending in an id never match).",
      default: CREDENTIAL_NAME_PATTERN,
    },
  },
  resourceTypes: [...Object.keys(SECRETS_OUTSIDE_ENVIRONMENTS), ...VARIABLES],
  check: ({ type, props }, config) => {
    if (VARIABLES.includes(type)) {
      const name = str(props.variableName);
      return name !== undefined && isCredentialName(name, config.credentialPattern)
        ? [`${name} is a variable, stored and shown in plaintext: make it an environment secret`]
        : [];
    }
    // GitHub stores secret names in upper case: `okta_api_token` is OKTA_API_TOKEN.
    const name = str(props.secretName)?.toUpperCase();
    return name !== undefined && config.secretPatterns.some((p) => matches(p.toUpperCase(), name))
      ? [
          `${name} is ${SECRETS_OUTSIDE_ENVIRONMENTS[type]}: any workflow run can read it; make it an environment secret`,
        ]
      : [];
  },
});
