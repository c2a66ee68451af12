import * as pulumi from "@pulumi/pulumi";
import { AppSet } from "./components/appSet";
import { OktaOrg } from "./components/org";
import { loadStackConfig } from "./config/load";
import { APP_KEYS, appSetDefinition } from "./definitions/apps";
import { REGISTRATION_HOOK, orgBaseline } from "./definitions/baseline";

/**
 * The program: one stack = one Okta org. Reads the stack's config once, declares the org baseline and the
 * app set against that org's explicit provider, and returns the stack outputs. Exported as a function so the
 * Pulumi runtime (and the offline harness) can run it.
 */
export = function main() {
  const stack = loadStackConfig(APP_KEYS);

  const org = new OktaOrg("org", {
    orgName: stack.orgName,
    baseUrl: stack.baseUrl,
    auth: stack.auth,
    rateLimits: stack.rateLimits,
    protect: stack.protectResources,
    threatInsightAction: stack.profile.threatInsightAction,
    baseline: orgBaseline(stack.apps),
    inlineHookAuth: { [REGISTRATION_HOOK]: stack.registrationHookAuth },
  });

  const apps = new AppSet("apps", {
    provider: org.provider,
    protect: stack.protectResources,
    groupIds: org.groupIdsByKey,
    ...appSetDefinition(stack.apps),
  });

  return {
    environment: stack.environment,
    orgUrl: org.orgUrl,
    groupIds: org.groupIds,
    clientIds: apps.clientIds,
    appIds: apps.appIds,
    issuers: apps.issuers,
    // Apps' deploy pipelines read these with `pulumi stack output --show-secrets`; never shown in plain text.
    clientSecrets: pulumi.secret(apps.clientSecrets),
  };
};
