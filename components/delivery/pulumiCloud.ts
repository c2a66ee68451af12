import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import { EnvironmentName, atLeastAsStrict } from "../../config/environments";
import { STACK_PROFILES_FILE, boundProfile } from "../../config/stackProfiles";
import { childOptions } from "./childOptions";

/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/** One stack of the project and the profile its code-owned binding gives it. */
export interface BoundStack {
  readonly stack: string;
  readonly profile: EnvironmentName;
}

/** The policy pack as published: its name and version (policy-pack/package.json) and its source folder. */
export interface PublishedPack {
  readonly name: string;
  readonly version: string;
  readonly sourcePath: string;
}

export interface PulumiCloudAccessArgs {
  /** The stack's explicit Pulumi Cloud provider (the one its Deployments settings use). Required. */
  readonly provider: pulumiservice.Provider;
  /** Pulumi Cloud organization. Required. */
  readonly organization: string;
  /** Pulumi project name. Required. */
  readonly project: string;
  /** owner/name of the GitHub repository whose workflows get tokens. Required. */
  readonly repository: string;
  /** The stack that declares this (its write environment may mint an organization token to manage it). Required. */
  readonly ownerStack: string;
  /** Every stack of the project with the profile of its policy group. Required. */
  readonly stacks: readonly BoundStack[];
  /** The code-owned profile binding: no stack's group may be weaker than its binding. Required. */
  readonly bindings: Readonly<Record<string, EnvironmentName>>;
  /** The policy pack to publish and enforce. Required. */
  readonly pack: PublishedPack;
  /** Each profile's pack configuration (policy-pack/config/<profile>.json). Required for every bound profile. */
  readonly packConfigs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Protect the children (components/protection.ts says which types). Default: false. */
  readonly protect?: boolean;
}

/** The `sub` claim of a GitHub Actions job that runs in an environment (GitHub's default subject template). */
export function environmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}

/** The stacks of each profile, in the order of `stacks`: one policy group per profile. */
export function stacksByProfile(stacks: readonly BoundStack[]): Map<EnvironmentName, string[]> {
  const groups = new Map<EnvironmentName, string[]>();
  for (const { stack, profile } of stacks) groups.set(profile, [...(groups.get(profile) ?? []), stack]);
  return groups;
}

/**
 * Least privilege in Pulumi Cloud, as code, declared by the one stack that owns the repository-wide parts:
 * - the policy pack, published at its package version, and enforced in preventative mode on every stack of the
 *   project by one policy group per profile (each stack in the group its binding names, with that profile's
 *   configuration), so `up` from Pulumi Deployments or a laptop runs the same guardrails as the workflows;
 * - per stack a deploy team (edit on that stack only) and a read team (read only), and an OIDC issuer for GitHub
 *   Actions that issues a stack's deploy team token only to a job in the GitHub environment `<stack>`, its read
 *   team token only to a job in `<stack>-read`, and an organization token (to manage all of this) only to the
 *   owner stack's `<stack>` environment.
 */
export class PulumiCloudAccess extends pulumi.ComponentResource {
  constructor(name: string, args: PulumiCloudAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("okta-mmod:delivery:PulumiCloudAccess", name, {}, opts);
    const weaker = args.stacks.filter((s) => !atLeastAsStrict(s.profile, boundProfile(s.stack, args.bindings)));
    if (weaker.length > 0) {
      throw new Error(
        `PulumiCloudAccess "${name}": ${weaker.map((s) => `stack "${s.stack}" would be in the ${s.profile} policy group, weaker than the ${boundProfile(s.stack, args.bindings)} profile ${STACK_PROFILES_FILE} binds it to`).join("; ")}`,
      );
    }
    const groups = stacksByProfile(args.stacks);
    const unconfigured = [...groups.keys()].filter((p) => !Object.hasOwn(args.packConfigs, p));
    if (unconfigured.length > 0) {
      throw new Error(
        `PulumiCloudAccess "${name}": no policy pack configuration for the profile(s) ${unconfigured.join(", ")} (policy-pack/config/<profile>.json)`,
      );
    }
    const child = childOptions(this, args.provider, args.protect ?? false);

    const pack = new pulumiservice.PolicyPack(
      `${name}-policy-pack`,
      {
        name: args.pack.name,
        organization: args.organization,
        sourcePath: args.pack.sourcePath,
        versionTag: args.pack.version,
      },
      child("pulumiservice:index:PolicyPack"),
    );
    for (const [profile, stacks] of groups) {
      new pulumiservice.PolicyGroup(
        `${name}-policy-group-${profile}`,
        {
          name: `${args.project}-${profile}`,
          organizationName: args.organization,
          entityType: "stacks",
          mode: "preventative",
          stacks: stacks.map((stack) => ({ name: stack, routingProject: args.project })),
          policyPacks: [
            { name: args.pack.name, versionTag: args.pack.version, config: { ...args.packConfigs[profile] } },
          ],
        },
        child("pulumiservice:index:PolicyGroup", { dependsOn: [pack] }),
      );
    }

    const teams: pulumi.Resource[] = [];
    const policies: pulumiservice.types.input.AuthPolicyDefinitionArgs[] = [
      {
        decision: "allow",
        tokenType: "organization",
        authorizedPermissions: ["admin"],
        rules: { sub: environmentSubject(args.repository, args.ownerStack) },
      },
    ];
    for (const { stack } of args.stacks) {
      for (const [kind, environment, permission] of [
        ["deploy", stack, pulumiservice.TeamStackPermissionScope.Edit],
        ["read", `${stack}-read`, pulumiservice.TeamStackPermissionScope.Read],
      ] as const) {
        const teamName = `${stack}-${kind}`;
        const team = new pulumiservice.Team(
          `${name}-team-${teamName}`,
          {
            name: teamName,
            displayName: teamName,
            description: `${kind === "deploy" ? "Runs pulumi up on" : "Previews and checks drift of"} the ${args.project} stack ${stack}, from the GitHub environment ${environment}`,
            organizationName: args.organization,
            teamType: "pulumi",
          },
          child("pulumiservice:index:Team"),
        );
        teams.push(team);
        new pulumiservice.TeamStackPermission(
          `${name}-permission-${teamName}`,
          { organization: args.organization, project: args.project, stack, team: teamName, permission },
          child("pulumiservice:index:TeamStackPermission", { dependsOn: [team] }),
        );
        policies.push({
          decision: "allow",
          tokenType: "team",
          teamName,
          rules: { sub: environmentSubject(args.repository, environment) },
        });
      }
    }
    new pulumiservice.OidcIssuer(
      `${name}-github-oidc`,
      { name: "github-actions", organization: args.organization, url: GITHUB_ACTIONS_ISSUER, policies },
      child("pulumiservice:index:OidcIssuer", { dependsOn: teams }),
    );
    this.registerOutputs({});
  }
}
