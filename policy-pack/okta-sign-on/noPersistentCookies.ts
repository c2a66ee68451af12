import { resourceGuardrail } from "../lib/guardrail";
import { PROD_MANDATORY } from "../lib/levels";
import { bool } from "../lib/values";
import { SIGNON_RULE } from "./types";

export const signonNoPersistentCookies = resourceGuardrail({
  name: "okta-signon-no-persistent-cookies",
  catalogueId: "G19",
  description: "Sign-on rules do not make session cookies persistent.",
  severity: "medium",
  remediationSteps: "Set sessionPersistent: false (the default).",
  levels: PROD_MANDATORY,
  resourceTypes: [SIGNON_RULE],
  check: ({ props }) =>
    bool(props.sessionPersistent) === true
      ? ["sessionPersistent is true: session cookies survive closing the browser"]
      : [],
});
