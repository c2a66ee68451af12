import { Guardrail } from "./lib/guardrail";
import { deploymentsNoEnvironmentVariables } from "./deployments/noEnvironmentVariables";
import { prodDriftSchedule } from "./deployments/prodDriftSchedule";
import { oktaSecretsInEnvironments } from "./github/oktaSecretsInEnvironments";
import { prodBranchAdminsEnforced } from "./github/prodBranchAdminsEnforced";
import { prodBranchHygiene } from "./github/prodBranchHygiene";
import { prodBranchNoForcePush } from "./github/prodBranchNoForcePush";
import { prodBranchReviews } from "./github/prodBranchReviews";
import { prodBranchReviewsRecommended } from "./github/prodBranchReviewsRecommended";
import { prodBranchStatusChecks } from "./github/prodBranchStatusChecks";
import { prodEnvironmentProtection } from "./github/prodEnvironmentProtection";
import { repositoryPrivate } from "./github/repositoryPrivate";
import { repositorySecretScanning } from "./github/secretScanning";
import { clientCredentialsServiceOnly } from "./okta-apps/clientCredentialsServiceOnly";
import { oauthAppHttpsRedirectUris } from "./okta-apps/httpsRedirectUris";
import { oauthClientSecretNotInState } from "./okta-apps/clientSecretNotInState";
import { oauthAppNoImplicitGrant } from "./okta-apps/noImplicitGrant";
import { oauthAppNoPasswordGrant } from "./okta-apps/noPasswordGrant";
import { oauthAppNoWildcardRedirect } from "./okta-apps/noWildcardRedirect";
import { oauthNoSharedClientSecret } from "./okta-apps/noSharedClientSecret";
import { preferJwtClientAuth } from "./okta-apps/preferJwtClientAuth";
import { preferSamlOrOidc } from "./okta-apps/preferSamlOrOidc";
import { publicClientRequirePkce } from "./okta-apps/publicClientRequirePkce";
import { publicClientRotateRefreshTokens } from "./okta-apps/publicClientRotateRefreshTokens";
import { appRequireSignOnPolicy } from "./okta-apps/requireSignOnPolicy";
import { samlHttpsEndpoints } from "./okta-apps/samlHttpsEndpoints";
import { samlSha256Signed } from "./okta-apps/samlSha256Signed";
import { webAppRequirePkce } from "./okta-apps/webAppRequirePkce";
import { authServerRuleNoImplicitGrant } from "./okta-auth-servers/ruleNoImplicitGrant";
import { authServerRuleNoPasswordGrant } from "./okta-auth-servers/ruleNoPasswordGrant";
import { authServerRuleScopes } from "./okta-auth-servers/ruleScopes";
import { authServerRuleTokenLifetimes } from "./okta-auth-servers/ruleTokenLifetimes";
import { adminNotificationsAndSuperAdmins } from "./okta-org/adminNotificationsAndSuperAdmins";
import { threatInsightBlock } from "./okta-org/threatInsightBlock";
import { inlineHookNoSharedSecret } from "./okta-org/inlineHookNoSharedSecret";
import { signonAllowRequiresMfa } from "./okta-sign-on/allowRequiresMfa";
import { appSignonRuleNoSingleFactor } from "./okta-sign-on/appRuleNoSingleFactor";
import { mfaPolicyStrongFactors } from "./okta-sign-on/mfaStrongFactors";
import { signonNoPersistentCookies } from "./okta-sign-on/noPersistentCookies";
import { passwordPolicyLockoutHistory } from "./okta-sign-on/passwordLockoutHistory";
import { passwordPolicyLockoutRecommended } from "./okta-sign-on/passwordLockoutRecommended";
import { passwordPolicyRecovery } from "./okta-sign-on/passwordRecovery";
import { passwordPolicyLengthRecommended } from "./okta-sign-on/passwordLengthRecommended";
import { passwordPolicyStrength } from "./okta-sign-on/passwordStrength";
import { privilegedAppPhishingResistant } from "./okta-sign-on/privilegedAppPhishingResistant";
import { signonSessionIdle } from "./okta-sign-on/sessionIdle";
import { signonSessionIdleRecommended } from "./okta-sign-on/sessionIdleRecommended";
import { signonSessionLifetime } from "./okta-sign-on/sessionLifetime";
import { signonSessionLifetimeRecommended } from "./okta-sign-on/sessionLifetimeRecommended";
import { oktaExplicitProvider } from "./okta-structure/explicitProvider";
import { noDeprecatedAppResources } from "./okta-structure/noDeprecatedAppResources";
import { protectIdentityResources } from "./okta-structure/protectIdentityResources";
import { providerServiceAppAuth } from "./okta-structure/providerServiceAppAuth";
import { singleGroupAssignments } from "./okta-structure/singleGroupAssignments";
import { uniquePriorities } from "./okta-structure/uniquePriorities";
import { adminAppsRequire2fa } from "./stig/adminAppsRequire2fa";
import { apiTokensRestricted } from "./stig/apiTokensRestricted";
import { authenticatorsFipsAndPiv } from "./stig/authenticatorsFipsAndPiv";
import { logStreamActive } from "./stig/logStreamActive";
import { appSignonRuleNetworkZone, signonRuleNetworkZone } from "./stig/networkZones";
import { passwordAndSessionManaged } from "./stig/passwordAndSessionManaged";
import { passwordCharacterClasses } from "./stig/passwordCharacterClasses";
import { passwordMaxAge } from "./stig/passwordMaxAge";
import { signinPageBanner } from "./stig/signinPageBanner";
import { zoneBlocksAnonymizers } from "./stig/zoneBlocksAnonymizers";
import { variableSensitiveSecrets } from "./tfc/variableSensitiveSecrets";
import { workspaceDriftAssessments } from "./tfc/workspaceDriftAssessments";
import { workspaceExplicitBranch } from "./tfc/workspaceExplicitBranch";
import { workspaceManualApply } from "./tfc/workspaceManualApply";
import { workspaceNoDestructiveSettings } from "./tfc/workspaceNoDestructiveSettings";
import { workspaceSpeculativePlans } from "./tfc/workspaceSpeculativePlans";

/** Every policy of the pack, in catalogue order. Each reports the exemptions it applies itself. */
export const policies: Guardrail[] = [
  // Okta apps (G01-G13)
  oauthAppNoImplicitGrant,
  oauthAppNoPasswordGrant,
  publicClientRequirePkce,
  webAppRequirePkce,
  oauthAppNoWildcardRedirect,
  oauthAppHttpsRedirectUris,
  publicClientRotateRefreshTokens,
  clientCredentialsServiceOnly,
  preferJwtClientAuth,
  appRequireSignOnPolicy,
  samlSha256Signed,
  samlHttpsEndpoints,
  preferSamlOrOidc,
  // Authorization servers (G14-G16)
  authServerRuleNoImplicitGrant,
  authServerRuleNoPasswordGrant,
  authServerRuleTokenLifetimes,
  authServerRuleScopes,
  // Sign-on, password and MFA policies (G17-G26)
  signonSessionLifetime,
  signonSessionLifetimeRecommended,
  signonSessionIdle,
  signonSessionIdleRecommended,
  signonNoPersistentCookies,
  signonAllowRequiresMfa,
  appSignonRuleNoSingleFactor,
  privilegedAppPhishingResistant,
  passwordPolicyStrength,
  passwordPolicyLengthRecommended,
  passwordPolicyLockoutHistory,
  passwordPolicyLockoutRecommended,
  passwordPolicyRecovery,
  mfaPolicyStrongFactors,
  // Org settings (G27-G28)
  threatInsightBlock,
  adminNotificationsAndSuperAdmins,
  // Okta apps' secrets out of the state (G29)
  oauthClientSecretNotInState,
  // Inline hooks' secrets out of the state (G30)
  inlineHookNoSharedSecret,
  // No shared client secret for OAuth apps at all (G31)
  oauthNoSharedClientSecret,
  // Structure (S01-S06)
  oktaExplicitProvider,
  singleGroupAssignments,
  uniquePriorities,
  noDeprecatedAppResources,
  protectIdentityResources,
  providerServiceAppAuth,
  // GitHub (P01-P08, P10)
  repositoryPrivate,
  prodBranchNoForcePush,
  prodBranchReviews,
  prodBranchReviewsRecommended,
  prodBranchStatusChecks,
  prodBranchAdminsEnforced,
  prodBranchHygiene,
  prodEnvironmentProtection,
  repositorySecretScanning,
  oktaSecretsInEnvironments,
  // Terraform Cloud (T01-T06)
  workspaceManualApply,
  workspaceSpeculativePlans,
  workspaceExplicitBranch,
  workspaceDriftAssessments,
  variableSensitiveSecrets,
  workspaceNoDestructiveSettings,
  // Pulumi Deployments (D01-D02)
  prodDriftSchedule,
  deploymentsNoEnvironmentVariables,
  // DISA Okta IDaaS STIG (off in dev and prod; mandatory in the stig profile)
  passwordCharacterClasses,
  passwordMaxAge,
  adminAppsRequire2fa,
  logStreamActive,
  authenticatorsFipsAndPiv,
  zoneBlocksAnonymizers,
  apiTokensRestricted,
  signonRuleNetworkZone,
  appSignonRuleNetworkZone,
  signinPageBanner,
  passwordAndSessionManaged,
];
