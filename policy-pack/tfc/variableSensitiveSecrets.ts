import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { CREDENTIAL_NAME_PATTERN, isCredentialName } from "../lib/credentials";
import { bool, isUnknown, str } from "../lib/values";
import { VARIABLE } from "./types";

export const variableSensitiveSecrets = resourceGuardrail<{ secretKeyPattern: string }>({
  name: "tfc-variable-sensitive-secrets",
  catalogueId: "T05",
  description: "Workspace variables that hold credentials (token, secret, private key, password) are sensitive.",
  severity: "critical",
  remediationSteps: "Set sensitive: true on the variable (its value can then not be read back).",
  levels: PROD_MANDATORY,
  config: {
    secretKeyPattern: {
      type: "string",
      description:
        "Case-insensitive regular expression for variable keys that hold credentials, matched on the key in snake case; keys that end in an id (private_key_id) never match.",
      default: CREDENTIAL_NAME_PATTERN,
    },
  },
  resourceTypes: [VARIABLE],
  check: ({ props }, config) => {
    const key = str(props.key);
    if (key === undefined || !isCredentialName(key, config.secretKeyPattern)) return [];
    return bool(props.sensitive) === true || isUnknown(props.sensitive)
      ? []
      : [`variable ${key} holds a credential but is not sensitive`];
  },
});
