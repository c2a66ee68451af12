import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
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
      description: "Case-insensitive regular expression for variable keys that hold credentials.",
      default: "token|secret|private_key|privatekey|password|api_key",
    },
  },
  resourceTypes: [VARIABLE],
  check: ({ props }, config) => {
    const key = str(props.key);
    if (key === undefined || !new RegExp(config.secretKeyPattern, "i").test(key)) return [];
    return bool(props.sensitive) === true || isUnknown(props.sensitive)
      ? []
      : [`variable ${key} holds a credential but is not sensitive`];
  },
});
