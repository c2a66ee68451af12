import * as pulumi from "@pulumi/pulumi";
import type { WorkspaceVariable } from "../components/delivery/terraformCloud";
import type { LoadedStackConfig } from "../config/load";

/**
 * The org's values as the delivery machinery needs them: GitHub environment secrets and variables (what a
 * workflow needs to run the provider against this org, under the provider's own OKTA_* names), and the
 * Terraform Cloud workspace variables the reference's Terraform configuration reads.
 */
export function githubEnvironmentValues(stack: LoadedStackConfig, deployOnPush: boolean) {
  const secrets: Record<string, pulumi.Input<string>> = {};
  const variables: Record<string, pulumi.Input<string>> = {
    OKTA_ORG_NAME: stack.orgName,
    OKTA_BASE_URL: stack.baseUrl,
    PULUMI_STACK: stack.stack,
    // The GitHub Actions deploy job runs `pulumi up` only when Pulumi Deployments does not.
    PULUMI_DEPLOYMENTS_RUN_UP: String(deployOnPush),
  };
  // The Pulumi Cloud team the deploy job asks an OIDC token for (components/delivery/pulumiCloud.ts binds it to
  // this environment). The owning stack names none: its deploy job asks for the organization token it needs to
  // manage teams and policy groups, which the issuer grants to this environment only.
  if (stack.delivery?.deployments !== undefined && stack.delivery.github?.ownsRepository !== true) {
    variables.PULUMI_TEAM = `${stack.stack}-deploy`;
  }
  if (stack.auth.method === "oauth") {
    variables.OKTA_API_CLIENT_ID = stack.auth.clientId;
    variables.OKTA_API_SCOPES = stack.auth.scopes.join(",");
    if (stack.auth.privateKeyId !== undefined) variables.OKTA_API_PRIVATE_KEY_ID = stack.auth.privateKeyId;
    secrets.OKTA_API_PRIVATE_KEY = stack.auth.privateKey;
  } else if (stack.auth.method === "apiToken") {
    secrets.OKTA_API_TOKEN = stack.auth.apiToken;
  }
  return { secrets, variables };
}

/**
 * The read environment's variables: which org and stack it reads. Its read-only credentials (a second Okta
 * service app with okta.*.read scopes, a read-only Pulumi token) are not the program's to hold: see README.
 */
export function githubReadEnvironmentVariables(stack: LoadedStackConfig): Record<string, string> {
  return {
    OKTA_ORG_NAME: stack.orgName,
    OKTA_BASE_URL: stack.baseUrl,
    PULUMI_STACK: stack.stack,
    ...(stack.delivery?.deployments !== undefined ? { PULUMI_TEAM: `${stack.stack}-read` } : {}),
  };
}

/** The reference's workspace variables (org_name, base_url, the token) plus the service-app alternative. */
export function workspaceVariables(stack: LoadedStackConfig): Record<string, WorkspaceVariable> {
  const variables: Record<string, WorkspaceVariable> = {
    org_name: { value: stack.orgName },
    base_url: { value: stack.baseUrl },
  };
  if (stack.auth.method === "apiToken") {
    variables.api_token = { value: stack.auth.apiToken, sensitive: true };
  } else if (stack.auth.method === "oauth") {
    variables.client_id = { value: stack.auth.clientId };
    variables.scopes = { value: JSON.stringify(stack.auth.scopes), hcl: true };
    variables.private_key = { value: stack.auth.privateKey, sensitive: true };
    if (stack.auth.privateKeyId !== undefined) variables.private_key_id = { value: stack.auth.privateKeyId };
  }
  return variables;
}
