import { stackGuardrail } from "../lib/guardrail";
import { STIG_ONLY } from "../lib/levels";
import { upper } from "../lib/values";

export const logStreamActive = stackGuardrail({
  name: "okta-log-stream-active",
  catalogueId: "STIG",
  description: "The org off-loads its system log: the stack declares at least one active log stream.",
  severity: "high",
  remediationSteps: 'Declare an okta.LogStream (AWS EventBridge or Splunk Cloud) with status "ACTIVE" (the default).',
  levels: STIG_ONLY,
  check: (resources) =>
    resources.some(
      (r) => r.type === "okta:index/logStream:LogStream" && (upper(r.props.status) ?? "ACTIVE") === "ACTIVE",
    )
      ? []
      : [{ message: "the stack declares no active okta.LogStream: audit records stay only in Okta" }],
});
