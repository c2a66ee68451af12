import { resourceGuardrail } from "../lib/guardrail";
import { ADVISORY } from "../lib/levels";
import { block, isUnknown, str } from "../lib/values";

export const repositorySecretScanning = resourceGuardrail({
  name: "github-repository-secret-scanning",
  catalogueId: "P08",
  description: "Secret scanning and push protection are enabled on the repository (where licensed; else scan in CI).",
  severity: "medium",
  remediationSteps: 'Set securityAndAnalysis.secretScanning and secretScanningPushProtection to {status: "enabled"}.',
  levels: ADVISORY,
  resourceTypes: ["github:index/repository:Repository"],
  check: ({ props }) => {
    if (isUnknown(props.securityAndAnalysis)) return [];
    const sa = block(props.securityAndAnalysis);
    return ["secretScanning", "secretScanningPushProtection"]
      .filter((k) => str(block(sa?.[k])?.status) !== "enabled")
      .map((k) => `securityAndAnalysis.${k} is not enabled`);
  },
});
