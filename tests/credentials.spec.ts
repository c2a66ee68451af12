import { expect } from "chai";
import { DELIVERY_TOKENS, OKTA_PROVIDER_KEYS } from "../config/credentials";
import { APP_CATALOGUE } from "../definitions/apps";
import { EXIT } from "../tools/plan";
import { planOneStack, stackFrames, testAudiences, testApps } from "./support";

/**
 * Write credentials out of stack config, the way a user meets it: `npm run plan` in a child process on a stack
 * file that still holds them. The stack "live" has no entry in the shipped profile binding, so it is bound to
 * prod. The ciphertexts are the tests' own; none may be printed.
 */
const CIPHERTEXT = {
  githubToken: "v1:CIPHER-github-6a1f",
  tfeToken: "v1:CIPHER-tfe-2b7c",
  pulumiAccessToken: "v1:CIPHER-pulumi-9d4e",
  privateKey: "v1:CIPHER-okta-key-0c3a",
};

const planStack = (config: Record<string, unknown>) => planOneStack("live", config);

const PROD = {
  "okta-mmod:environment": "prod",
  "okta-mmod:orgName": "acme",
  "okta-mmod:apps": testApps(APP_CATALOGUE),
  "okta-mmod:audiences": testAudiences(APP_CATALOGUE),
  "okta-mmod:delivery": { repository: "acme/okta", branch: "live", github: { reviewerTeams: ["admins"] } },
};

describe("write credentials in a stack file, through the real plan command", function () {
  this.timeout(120_000);

  it("has no configuration problem once they are gone (so each failure below comes from them)", () => {
    const r = planStack(PROD);
    expect(r.stdout + r.stderr).not.to.contain("configuration problem");
    expect(r.status).not.to.equal(EXIT.configError);
  });

  it("exits 1 on a prod stack holding delivery tokens and the Okta key: names each key and its new home", () => {
    const r = planStack({
      ...PROD,
      ...Object.fromEntries(Object.entries(CIPHERTEXT).map(([k, v]) => [`okta-mmod:${k}`, { secure: v }])),
    });
    const out = r.stdout + r.stderr;
    expect(r.status).to.equal(EXIT.configError);
    expect(stackFrames(out)).to.deep.equal([]);
    for (const value of Object.values(CIPHERTEXT)) expect(out).not.to.contain(value);
    expect(out).to.contain('Stack "live" has 4 configuration problems:');
    for (const [key, home] of Object.entries(DELIVERY_TOKENS)) {
      expect(out).to.contain(
        `okta-mmod:${key}: got [secret]; expected no value in any stack's config: any token that can read the stack (a pull request's preview, the drift check) can decrypt it, and it reaches the controls of every stack, prod's included. Remove it (pulumi config rm okta-mmod:${key}), rotate it, and set it as the secret ${home.secret} of the protected GitHub environment "live": the deploy job gives it to the provider as ${home.variable}`,
      );
    }
    expect(out).to.contain(
      `okta-mmod:privateKey: got [secret]; expected no value in a prod-profile stack's config: any token that can read the stack (a pull request's preview, the drift check) can decrypt it. Remove it (pulumi config rm okta-mmod:privateKey), rotate it, and set the write app's as the secret ${OKTA_PROVIDER_KEYS.privateKey} of the protected GitHub environment "live" (the read-only app's goes in "live-read"): the provider reads OKTA_API_PRIVATE_KEY`,
    );
  });

  it("cannot be dodged by a stack file claiming dev: the key is still refused, with the claim", () => {
    const r = planStack({
      ...PROD,
      "okta-mmod:environment": "dev",
      "okta-mmod:privateKey": { secure: CIPHERTEXT.privateKey },
    });
    const out = r.stdout + r.stderr;
    expect(r.status).to.equal(EXIT.configError);
    expect(out).not.to.contain(CIPHERTEXT.privateKey);
    expect(out).to.contain('Stack "live" has 2 configuration problems:');
    expect(out).to.contain("okta-mmod:privateKey: got [secret]; expected no value in a prod-profile stack's config");
    expect(out).to.contain('okta-mmod:environment: got "dev"; expected one of: prod: config/stackProfiles.ts');
  });
});
