import { resourceGuardrail } from "../lib/guardrail";
import { MANDATORY } from "../lib/levels";
import { Props, isUnknown, rawProps } from "../lib/values";

/**
 * The Pulumi Cloud resources whose inputs reach a Deployments run's environment: the stack's settings (the
 * provider's own resource and the REST API's) and a scheduled deployment's request, which may override them.
 */
export const DEPLOYMENT_ENVIRONMENT_TYPES = [
  "pulumiservice:index:DeploymentSettings",
  "pulumiservice:api/deployments:Settings",
  "pulumiservice:api/deployments:ScheduledDeployment",
];

/** Keys Pulumi Cloud reads as the run's environment variables: its API decodes JSON names without regard to case. */
const ENVIRONMENT_KEY = /^environment_?variables$/i;
/** Objects that may hold them, at any depth: an unknown one may hide them. */
const HOLDER_KEY = /^(operation_?context|request)$/i;

/** Every path (list of keys) under which the raw properties hold an environment-variables key or an unknown holder. */
function suspectPaths(value: unknown, path: readonly string[] = []): string[][] {
  if (typeof value !== "object" || value === null) return [];
  const found: string[][] = [];
  for (const [key, child] of Object.entries(value as Props)) {
    const at = [...path, key];
    if (ENVIRONMENT_KEY.test(key) || (HOLDER_KEY.test(key) && isUnknown(child))) found.push(at);
    else found.push(...suspectPaths(child, at));
  }
  return found;
}

/** Whether a value sets at least one variable (an empty object or null sets none). */
function setsVariables(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

export const deploymentsNoEnvironmentVariables = resourceGuardrail({
  name: "deployments-no-environment-variables",
  catalogueId: "D02",
  description:
    "No program declares environment variables for Pulumi Deployments: a value there, secret or not, is kept in the state of the stack that declares it, where every stack reader decrypts it. They are set by hand in the stack's Deployments settings.",
  severity: "critical",
  remediationSteps:
    "Remove operationContext.environmentVariables from the resource and set each variable once by hand in Pulumi Cloud (the stack's Settings > Deploy > Environment variables, secret), where the settings' updates keep it.",
  levels: MANDATORY,
  resourceTypes: DEPLOYMENT_ENVIRONMENT_TYPES,
  check: ({ props }) => {
    const found: string[] = [];
    // The holders the SDKs name, read through the tracking proxy even when the walk below cannot list them.
    void [props.operationContext, props.request];
    for (const path of suspectPaths(rawProps(props))) {
      // Read through the tracking proxy, so an unknown value is reported as unverified rather than passed.
      const value = path.reduce<unknown>((v, key) => (isUnknown(v) ? v : (v as Props)[key]), props);
      if (isUnknown(value) || !setsVariables(value)) continue;
      const names = typeof value === "object" ? Object.keys(value as object).sort() : [];
      found.push(
        `${path.join(".")} sets ${names.length === 0 ? "a value" : names.join(", ")}: a Deployments variable declared here is kept in the stack's state, which every stack reader decrypts; set it by hand in the stack's Deployments settings instead`,
      );
    }
    return found;
  },
});
