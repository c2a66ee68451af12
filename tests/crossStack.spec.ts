import { expect } from "chai";
import { duplicateObjects, withProviders } from "../offline/crossStack";

/** A stack's GitHub provider and repository as the engine registers them (provider reference `<urn>::<id>`). */
function repositoryStack(stack: string, owner: string, name: string) {
  const provider = `urn:pulumi:${stack}::okta-mmod::okta-mmod:delivery:GitHubDelivery$pulumi:providers:github::github-provider`;
  return {
    stack,
    resources: withProviders([
      { urn: provider, type: "pulumi:providers:github", provider: null, inputs: { owner } },
      {
        urn: `urn:pulumi:${stack}::okta-mmod::okta-mmod:delivery:GitHubDelivery$github:index/repository:Repository::github-repository`,
        type: "github:index/repository:Repository",
        provider: `${provider}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`,
        inputs: { name },
      },
    ]),
  };
}

describe("objects two stacks declare: identity where the object lives", () => {
  it("a GitHub repository is its provider's owner and its name: another owner's repository of that name is not shared", () => {
    expect(
      duplicateObjects([repositoryStack("a", "acme", "okta"), repositoryStack("b", "other-team", "okta")]),
    ).to.deep.equal([]);
  });

  it("GitHub compares owner and repository names without case: Acme/Okta is acme/okta", () => {
    expect(
      duplicateObjects([repositoryStack("a", "acme", "okta"), repositoryStack("b", "Acme", "Okta")]),
    ).to.deep.equal([
      'Pulumi.a.yaml and Pulumi.b.yaml both declare github:index/repository:Repository owner="acme" name="okta"',
    ]);
  });

  it("a Terraform Cloud workspace is its provider's host, organization and name", () => {
    const workspace = (stack: string, hostname: string) => ({
      stack,
      resources: [
        {
          type: "tfe:index/workspace:Workspace",
          inputs: { organization: "acme", name: "okta" },
          provider: { hostname },
        },
      ],
    });
    expect(duplicateObjects([workspace("a", "app.terraform.io"), workspace("b", "app.eu.terraform.io")])).to.deep.equal(
      [],
    );
    expect(duplicateObjects([workspace("a", "app.terraform.io"), workspace("b", "app.terraform.io")])).to.deep.equal([
      'Pulumi.a.yaml and Pulumi.b.yaml both declare tfe:index/workspace:Workspace hostname="app.terraform.io" organization="acme" name="okta"',
    ]);
  });
});
