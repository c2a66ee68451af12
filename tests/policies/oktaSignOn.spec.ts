import { expect } from "chai";
import { authServerRuleNoImplicitGrant } from "../../policy-pack/okta-auth-servers/ruleNoImplicitGrant";
import { authServerRuleNoPasswordGrant } from "../../policy-pack/okta-auth-servers/ruleNoPasswordGrant";
import { authServerRuleScopes } from "../../policy-pack/okta-auth-servers/ruleScopes";
import { authServerRuleTokenLifetimes } from "../../policy-pack/okta-auth-servers/ruleTokenLifetimes";
import { signonAllowRequiresMfa } from "../../policy-pack/okta-sign-on/allowRequiresMfa";
import { appSignonRuleNoSingleFactor } from "../../policy-pack/okta-sign-on/appRuleNoSingleFactor";
import { mfaPolicyStrongFactors } from "../../policy-pack/okta-sign-on/mfaStrongFactors";
import { signonNoPersistentCookies } from "../../policy-pack/okta-sign-on/noPersistentCookies";
import { passwordPolicyLockoutHistory } from "../../policy-pack/okta-sign-on/passwordLockoutHistory";
import { passwordPolicyLockoutRecommended } from "../../policy-pack/okta-sign-on/passwordLockoutRecommended";
import { passwordPolicyRecovery } from "../../policy-pack/okta-sign-on/passwordRecovery";
import { passwordPolicyLengthRecommended } from "../../policy-pack/okta-sign-on/passwordLengthRecommended";
import { passwordPolicyStrength } from "../../policy-pack/okta-sign-on/passwordStrength";
import {
  durationMinutes,
  privilegedAppPhishingResistant,
} from "../../policy-pack/okta-sign-on/privilegedAppPhishingResistant";
import { signonSessionIdle } from "../../policy-pack/okta-sign-on/sessionIdle";
import { signonSessionIdleRecommended } from "../../policy-pack/okta-sign-on/sessionIdleRecommended";
import { signonSessionLifetime } from "../../policy-pack/okta-sign-on/sessionLifetime";
import { signonSessionLifetimeRecommended } from "../../policy-pack/okta-sign-on/sessionLifetimeRecommended";
import { UNKNOWN, UNKNOWN_LIST, messages, policyCases } from "./harness";

const SERVER_RULE = "okta:auth/serverPolicyRule:ServerPolicyRule";
const SIGNON_RULE = "okta:policy/ruleSignon:RuleSignon";
const APP_RULE = "okta:index/appSignonPolicyRule:AppSignonPolicyRule";
const PASSWORD = "okta:policy/password:Password";
const MFA = "okta:policy/mfa:Mfa";

const RULE = {
  authServerId: "aus1",
  policyId: "pol1",
  name: "Auth code",
  priority: 1,
  groupWhitelists: ["EVERYONE"],
  grantTypeWhitelists: ["authorization_code"],
  scopeWhitelists: ["openid", "profile", "iat.account.read"],
  accessTokenLifetimeMinutes: 60,
  refreshTokenLifetimeMinutes: 129600,
  refreshTokenWindowMinutes: 10080,
};

const SIGNON = {
  policyId: "00p1",
  name: "MFA everywhere",
  access: "ALLOW",
  mfaRequired: true,
  mfaPrompt: "ALWAYS",
  sessionLifetime: 120,
  sessionIdle: 15,
  sessionPersistent: false,
};

const APP_SIGNON_RULE = {
  policyId: "rst-admin",
  name: "Admins",
  access: "ALLOW",
  factorMode: "2FA",
  constraints: ['{"possession":{"phishingResistant":"REQUIRED","userPresence":"REQUIRED"}}'],
  reAuthenticationFrequency: "PT1H",
};

const PASSWORD_POLICY = {
  name: "Strong passwords",
  passwordMinLength: 16,
  passwordDictionaryLookup: true,
  passwordExcludeUsername: true,
  passwordMaxLockoutAttempts: 5,
  passwordHistoryCount: 10,
  passwordMinAgeMinutes: 1440,
  questionRecovery: "INACTIVE",
  smsRecovery: "INACTIVE",
  callRecovery: "INACTIVE",
  recoveryEmailToken: 30,
};

const MFA_POLICY = {
  name: "Strong factors",
  oktaVerify: { enroll: "REQUIRED" },
  fidoWebauthn: { enroll: "OPTIONAL" },
  oktaSms: { enroll: "NOT_ALLOWED" },
  oktaEmail: { enroll: "NOT_ALLOWED" },
};

describe("guardrails: authorization servers", () => {
  policyCases(authServerRuleNoImplicitGrant, SERVER_RULE, RULE, [
    {
      name: "reports the implicit grant",
      change: { grantTypeWhitelists: ["authorization_code", "implicit"] },
      expected: ['the rule allows the "implicit" grant (RFC 9700 2.1.2)'],
    },
    {
      name: "reports grants unknown during preview as not verified (advisory)",
      change: { grantTypeWhitelists: UNKNOWN_LIST },
      expected: [
        "(advisory) could not be verified at preview: grantTypeWhitelists is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(authServerRuleNoPasswordGrant, SERVER_RULE, RULE, [
    {
      name: "reports the reference's default rule (authorization_code, password, implicit)",
      change: { grantTypeWhitelists: ["authorization_code", "password", "implicit"] },
      expected: ['the rule allows the "password" grant, which MUST NOT be used (RFC 9700 2.4)'],
    },
  ]);

  policyCases(authServerRuleTokenLifetimes, SERVER_RULE, RULE, [
    {
      name: "reports long access tokens",
      change: { accessTokenLifetimeMinutes: 120 },
      expected: ["accessTokenLifetimeMinutes is 120, above the limit of 60"],
    },
    {
      name: "reports long refresh tokens",
      change: { refreshTokenLifetimeMinutes: 200000 },
      expected: ["refreshTokenLifetimeMinutes is 200000, above the limit of 129600"],
    },
    {
      name: "reports a long refresh window",
      change: { refreshTokenWindowMinutes: 20000 },
      expected: ["refreshTokenWindowMinutes is 20000, above the limit of 10080"],
    },
    {
      name: "treats an omitted refresh lifetime as unlimited",
      change: { refreshTokenLifetimeMinutes: undefined },
      expected: ["refreshTokenLifetimeMinutes is unset, so refresh tokens never expire: set at most 129600"],
    },
    {
      name: "treats an omitted access lifetime as the provider default (60)",
      change: { accessTokenLifetimeMinutes: undefined },
      expected: [],
    },
    {
      name: "treats an omitted window as the provider default (10080)",
      change: { refreshTokenWindowMinutes: undefined },
      expected: [],
    },
    {
      name: "applies configured limits",
      change: {},
      config: { maxAccessTokenMinutes: 30 },
      expected: ["accessTokenLifetimeMinutes is 60, above the limit of 30"],
    },
    {
      name: "reports an access lifetime unknown during preview as not verified (advisory)",
      change: { accessTokenLifetimeMinutes: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: accessTokenLifetimeMinutes is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "reports a refresh lifetime unknown during preview as not verified (advisory)",
      change: { refreshTokenLifetimeMinutes: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: refreshTokenLifetimeMinutes is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(authServerRuleScopes, SERVER_RULE, RULE, [
    {
      name: "reports scope *",
      change: { scopeWhitelists: ["*"] },
      expected: ['scopeWhitelists contains "*": list the scopes the clients need'],
    },
    {
      name: "reports privileged scopes granted to the EVERYONE group",
      change: { scopeWhitelists: ["openid", "billing.admin", "okta.users.read"] },
      expected: [
        'privileged scope "billing.admin" is granted to the Everyone group',
        'privileged scope "okta.users.read" is granted to the Everyone group',
      ],
    },
    {
      name: "recognises the org's Everyone group id from config",
      context: { scopeWhitelists: ["orders.write"], groupWhitelists: ["00g-admins"] },
      change: { groupWhitelists: ["00g-everyone"] },
      config: { everyoneGroupIds: ["00g-everyone"] },
      expected: ['privileged scope "orders.write" is granted to the Everyone group'],
    },
    {
      name: "allows privileged scopes for a specific group",
      context: { groupWhitelists: ["00g-admins"] },
      change: { scopeWhitelists: ["billing.admin"] },
      expected: [],
    },
  ]);
});

describe("guardrails: sign-on, password and MFA policies", () => {
  policyCases(signonSessionLifetime, SIGNON_RULE, SIGNON, [
    {
      name: "reports a lifetime above 720 minutes",
      change: { sessionLifetime: 1440 },
      expected: ["sessionLifetime is 1440 minutes, above the limit of 720"],
    },
    {
      name: "reports 0 (no limit)",
      change: { sessionLifetime: 0 },
      expected: ["sessionLifetime is 0 (no limit): set at most 720 minutes"],
    },
    {
      name: "requires the lifetime to be set",
      change: { sessionLifetime: undefined },
      expected: ["sessionLifetime is unset: set at most 720 minutes"],
    },
    {
      name: "reports a lifetime unknown during preview as not verified (advisory)",
      change: { sessionLifetime: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: sessionLifetime is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(signonSessionLifetimeRecommended, SIGNON_RULE, SIGNON, [
    {
      name: "recommends at most 120 minutes",
      change: { sessionLifetime: 480 },
      expected: ["sessionLifetime is 480 minutes, above the limit of 120"],
    },
  ]);

  policyCases(signonSessionIdle, SIGNON_RULE, SIGNON, [
    {
      name: "reports idle above 120 minutes",
      change: { sessionIdle: 240 },
      expected: ["sessionIdle is 240 minutes, above the limit of 120"],
    },
    { name: "accepts the provider default (120) when omitted", change: { sessionIdle: undefined }, expected: [] },
  ]);

  policyCases(signonSessionIdleRecommended, SIGNON_RULE, SIGNON, [
    {
      name: "recommends at most 15 minutes",
      change: { sessionIdle: 30 },
      expected: ["sessionIdle is 30 minutes, above the limit of 15"],
    },
    {
      name: "counts the provider default (120) when omitted",
      change: { sessionIdle: undefined },
      expected: ["sessionIdle is 120 minutes, above the limit of 15"],
    },
  ]);

  policyCases(signonNoPersistentCookies, SIGNON_RULE, SIGNON, [
    {
      name: "reports persistent cookies",
      change: { sessionPersistent: true },
      expected: ["sessionPersistent is true: session cookies survive closing the browser"],
    },
    { name: "accepts the default (false) when omitted", change: { sessionPersistent: undefined }, expected: [] },
  ]);

  policyCases(signonAllowRequiresMfa, SIGNON_RULE, SIGNON, [
    {
      name: "treats omitted mfaRequired as the provider default, false",
      change: { mfaRequired: undefined },
      expected: ["an ALLOW rule must set mfaRequired: true (the provider default is false)"],
    },
    {
      name: "reports an ALLOW rule without an MFA prompt",
      change: { mfaPrompt: undefined },
      expected: ['mfaPrompt must be "ALWAYS" or "SESSION" (got unset)'],
    },
    {
      name: "reports a DEVICE prompt",
      change: { mfaPrompt: "DEVICE" },
      expected: ['mfaPrompt must be "ALWAYS" or "SESSION" (got "DEVICE")'],
    },
    {
      name: "allows explicit network-zone exceptions",
      context: { networkConnection: "ZONE", networkIncludes: ["nzo1"] },
      change: { mfaRequired: false },
      expected: [],
    },
    { name: "ignores DENY rules", context: { access: "DENY" }, change: { mfaRequired: false }, expected: [] },
  ]);

  policyCases(appSignonRuleNoSingleFactor, APP_RULE, APP_SIGNON_RULE, [
    {
      name: "reports the reference's 1FA Magic Link rule (access omitted: ALLOW)",
      context: { access: undefined },
      change: { factorMode: "1FA" },
      expected: ['an ALLOW rule with factorMode "1FA" lets one factor in: use "2FA"'],
    },
    { name: "ignores DENY rules", context: { access: "DENY" }, change: { factorMode: "1FA" }, expected: [] },
    { name: "accepts the default factor mode (2FA) when omitted", change: { factorMode: undefined }, expected: [] },
  ]);

  it("okta-app-signon-rule-no-single-factor checks every rule of an app.SignonPolicyRules", async () => {
    const rules = [
      { name: "Admins", factorMode: "2FA" },
      { name: "Kiosk", factorMode: "1FA", access: "ALLOW" },
      { name: "Blocked", factorMode: "1FA", access: "DENY" },
    ];
    expect(
      await messages(appSignonRuleNoSingleFactor, "okta:app/signonPolicyRules:SignonPolicyRules", {
        policyId: "rst1",
        rules,
      }),
    ).to.deep.equal(['rule "Kiosk" allows access with factorMode "1FA": use "2FA"']);
  });

  policyCases(privilegedAppPhishingResistant, APP_RULE, APP_SIGNON_RULE, [
    { name: "ignores rules of policies not marked privileged", change: { constraints: undefined }, expected: [] },
    {
      name: "reports a privileged rule without a phishing-resistant factor",
      change: { constraints: ['{"possession":{"userPresence":"REQUIRED"}}'] },
      config: { privilegedPolicyIds: ["rst-admin"] },
      expected: [
        'a privileged app\'s rule must require a phishing-resistant possession factor ({"possession":{"phishingResistant":"REQUIRED"}})',
      ],
    },
    {
      name: "reports a long or missing re-authentication interval",
      change: { reAuthenticationFrequency: "PT12H" },
      config: { privilegedPolicyIds: ["rst-admin"] },
      expected: ['reAuthenticationFrequency must be at most 120 minutes (got "PT12H")'],
    },
    {
      name: "treats an omitted interval as unbounded",
      change: { reAuthenticationFrequency: undefined },
      config: { privilegedPolicyIds: ["rst-admin"] },
      expected: ["reAuthenticationFrequency must be at most 120 minutes (got unset)"],
    },
    {
      name: "passes a compliant privileged rule",
      change: {},
      config: { privilegedPolicyIds: ["rst-admin"] },
      expected: [],
    },
    {
      name: "reports constraints unknown during preview as not verified (advisory)",
      change: { constraints: UNKNOWN_LIST },
      config: { privilegedPolicyIds: ["rst-admin"] },
      expected: [
        "(advisory) could not be verified at preview: constraints is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "reports a re-authentication interval unknown during preview as not verified (advisory)",
      change: { reAuthenticationFrequency: UNKNOWN },
      config: { privilegedPolicyIds: ["rst-admin"] },
      expected: [
        "(advisory) could not be verified at preview: reAuthenticationFrequency is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  it("reads ISO 8601 durations", () => {
    expect([
      durationMinutes("PT2H"),
      durationMinutes("PT30M"),
      durationMinutes("P1DT1H"),
      durationMinutes("PT0S"),
    ]).to.deep.equal([120, 30, 1500, 0]);
    expect([durationMinutes("2 hours"), durationMinutes("PT")]).to.deep.equal([undefined, undefined]);
  });

  policyCases(passwordPolicyStrength, PASSWORD, PASSWORD_POLICY, [
    {
      name: "treats an omitted minimum length as the provider default, 8",
      change: { passwordMinLength: undefined },
      expected: ["passwordMinLength is 8 (the default), below 12"],
    },
    {
      name: "treats an omitted dictionary check as the provider default, off",
      change: { passwordDictionaryLookup: undefined },
      expected: ["passwordDictionaryLookup must be true (the provider default is false)"],
    },
    {
      name: "reports a short minimum",
      change: { passwordMinLength: 10 },
      expected: ["passwordMinLength is 10, below 12"],
    },
    {
      name: "reports usernames allowed in passwords",
      change: { passwordExcludeUsername: false },
      expected: ["passwordExcludeUsername must not be false"],
    },
    {
      name: "reports a length unknown during preview as not verified (advisory)",
      change: { passwordMinLength: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: passwordMinLength is unknown (`pulumi up` checks it with the value known)",
      ],
    },
  ]);

  policyCases(passwordPolicyLengthRecommended, PASSWORD, PASSWORD_POLICY, [
    {
      name: "recommends 15 characters",
      change: { passwordMinLength: 12 },
      expected: ["passwordMinLength is 12, below 15"],
    },
  ]);

  policyCases(passwordPolicyLockoutHistory, PASSWORD, PASSWORD_POLICY, [
    {
      name: "reports no lockout",
      change: { passwordMaxLockoutAttempts: 0 },
      expected: ["passwordMaxLockoutAttempts is 0 (no lockout): allowed 1 to 10"],
    },
    {
      name: "reports a short history",
      change: { passwordHistoryCount: 2 },
      expected: ["passwordHistoryCount is 2, below 5"],
    },
    {
      name: "accepts the provider's default lockout (10 attempts) when omitted",
      change: { passwordMaxLockoutAttempts: undefined },
      expected: [],
    },
    {
      name: "treats an omitted history as the provider default, none",
      change: { passwordHistoryCount: undefined },
      expected: ["passwordHistoryCount is 0 (the default), below 5"],
    },
    {
      name: "reports too many attempts",
      change: { passwordMaxLockoutAttempts: 20 },
      expected: ["passwordMaxLockoutAttempts is 20: allowed 1 to 10"],
    },
  ]);

  policyCases(passwordPolicyLockoutRecommended, PASSWORD, PASSWORD_POLICY, [
    {
      name: "recommends at most 5 attempts",
      change: { passwordMaxLockoutAttempts: 8 },
      expected: ["passwordMaxLockoutAttempts is 8, above the recommended 5"],
    },
    {
      name: "recommends a one-day minimum age (omitted: 0)",
      change: { passwordMinAgeMinutes: undefined },
      expected: ["passwordMinAgeMinutes is 0, below the recommended 1440"],
    },
  ]);

  policyCases(passwordPolicyRecovery, PASSWORD, PASSWORD_POLICY, [
    {
      name: "treats omitted question recovery as the provider default, ACTIVE",
      change: { questionRecovery: undefined },
      expected: ['questionRecovery must be "INACTIVE" explicitly (got unset, so ACTIVE)'],
    },
    {
      name: "reports SMS recovery",
      change: { smsRecovery: "ACTIVE" },
      expected: ['smsRecovery is "ACTIVE": phone-based recovery can be hijacked (SIM swap)'],
    },
    {
      name: "reports voice-call recovery",
      change: { callRecovery: "ACTIVE" },
      expected: ['callRecovery is "ACTIVE": phone-based recovery can be hijacked (SIM swap)'],
    },
    {
      name: "reports long recovery tokens",
      change: { recoveryEmailToken: 1440 },
      expected: ["recoveryEmailToken is 1440 minutes, above the limit of 60"],
    },
  ]);

  policyCases(mfaPolicyStrongFactors, MFA, MFA_POLICY, [
    {
      name: "reports a required weak factor",
      change: { oktaSms: { enroll: "REQUIRED" } },
      expected: ["oktaSms is REQUIRED: weak factors must be NOT_ALLOWED"],
    },
    {
      name: "reports an optional weak factor in prod",
      change: { oktaEmail: { enroll: "OPTIONAL" } },
      expected: ["oktaEmail is OPTIONAL: weak factors must be NOT_ALLOWED"],
    },
    {
      name: "allows optional weak factors where configured (dev)",
      change: { oktaEmail: { enroll: "OPTIONAL" } },
      config: { forbidOptionalWeakFactors: false },
      expected: [],
    },
    {
      name: "reports factor settings unknown during preview as not verified (advisory)",
      change: { oktaVerify: UNKNOWN },
      expected: [
        "(advisory) could not be verified at preview: oktaVerify is unknown (`pulumi up` checks it with the value known)",
      ],
    },
    {
      name: "requires Okta Verify or WebAuthn",
      change: { oktaVerify: { enroll: "OPTIONAL" } },
      expected: ["none of oktaVerify, fidoWebauthn, webauthn is REQUIRED"],
    },
  ]);
});
