import { engineUrn, importable } from "../adopt/importFile";
import { ProgramRun, Registration } from "../offline/run";
import { FakeOrg, Obj, emptyOrg, oktaId } from "./fakeOkta";

/** An org seeded from a run: the objects an admin made by hand, one per resource the stack declares. */
export interface SeededOrg {
  readonly org: FakeOrg;
  /** Registration URN -> the import id `pulumi import` takes for the object made for it. */
  readonly importIds: ReadonlyMap<string, string>;
}

const NOW = "2026-01-15T10:00:00.000Z";
const meta = { created: NOW, lastUpdated: NOW, _links: {} };

const str = (r: Registration, key: string) => String(r.inputs[key] ?? "");

/**
 * Makes, in Okta's API shapes, the object each Okta resource of a run stands for, as if an admin had
 * created the org by hand: what the program declares must then be found one to one.
 */
export function seedFromRun(run: ProgramRun, org: FakeOrg = emptyOrg()): SeededOrg {
  const importIds = new Map<string, string>();
  const objectId = (r: Registration, input: string): string => {
    const dep = (r.propertyDependencies[input] ?? [])[0];
    const id = dep === undefined ? undefined : importIds.get(dep);
    if (id === undefined) throw new Error(`${r.name}: ${input} refers to nothing seeded yet`);
    return id.split("/").pop() as string;
  };
  const pending = [...importable(run)];
  while (pending.length > 0) {
    const r = pending.shift() as Registration;
    const deps = Object.values(r.propertyDependencies).flat();
    if (deps.some((d) => pending.some((p) => p.urn === d))) {
      pending.push(r);
      continue;
    }
    importIds.set(r.urn, seedOne(r, org, objectId));
  }
  return { org, importIds };
}

function seedOne(r: Registration, org: FakeOrg, ref: (r: Registration, input: string) => string): string {
  switch (r.type) {
    case "okta:app/oAuth:OAuth": {
      const id = oktaId("0oa");
      org.apps.push({
        id,
        name: "oidc_client",
        label: str(r, "label"),
        status: "ACTIVE",
        signOnMode: "OPENID_CONNECT",
        ...meta,
      });
      return id;
    }
    case "okta:index/appGroupAssignments:AppGroupAssignments":
      return ref(r, "appId");
    case "okta:index/appSignonPolicy:AppSignonPolicy": {
      const id = oktaId("rst");
      org.policies.push({
        id,
        type: "ACCESS_POLICY",
        name: str(r, "name"),
        status: "ACTIVE",
        system: false,
        priority: 1,
        ...meta,
      });
      return id;
    }
    case "okta:index/appSignonPolicyRule:AppSignonPolicyRule": {
      const policy = ref(r, "policyId");
      const id = oktaId("rul");
      (org.policyRules[policy] ??= []).push({
        id,
        type: "ACCESS_POLICY",
        name: str(r, "name"),
        status: "ACTIVE",
        system: false,
        priority: 1,
        ...meta,
      });
      return `${policy}/${id}`;
    }
    case "okta:auth/server:Server": {
      const id = oktaId("aus");
      org.authServers.push({
        id,
        name: str(r, "name"),
        description: str(r, "description"),
        audiences: r.inputs.audiences,
        issuerMode: "ORG_URL",
        status: "ACTIVE",
        ...meta,
      });
      return id;
    }
    case "okta:auth/serverScope:ServerScope": {
      const server = ref(r, "authServerId");
      const id = oktaId("scp");
      (org.scopes[server] ??= []).push({
        id,
        name: str(r, "name"),
        consent: "IMPLICIT",
        system: false,
        default: false,
        metadataPublish: "NO_CLIENTS",
      });
      return `${server}/${id}`;
    }
    case "okta:auth/serverClaim:ServerClaim": {
      const server = ref(r, "authServerId");
      const id = oktaId("ocl");
      (org.claims[server] ??= []).push({
        id,
        name: str(r, "name"),
        status: "ACTIVE",
        claimType: str(r, "claimType"),
        valueType: "EXPRESSION",
        value: str(r, "value"),
        system: false,
        conditions: { scopes: [] },
      });
      return `${server}/${id}`;
    }
    case "okta:auth/serverPolicy:ServerPolicy": {
      const server = ref(r, "authServerId");
      const id = oktaId("00p");
      (org.serverPolicies[server] ??= []).push({
        id,
        type: "OAUTH_AUTHORIZATION_POLICY",
        name: str(r, "name"),
        status: "ACTIVE",
        priority: 1,
        system: false,
        ...meta,
      });
      return `${server}/${id}`;
    }
    case "okta:auth/serverPolicyRule:ServerPolicyRule": {
      const server = ref(r, "authServerId");
      const policy = ref(r, "policyId");
      const id = oktaId("0pr");
      (org.serverPolicyRules[`${server}/${policy}`] ??= []).push({
        id,
        type: "RESOURCE_ACCESS",
        name: str(r, "name"),
        status: "ACTIVE",
        priority: 1,
        system: false,
        ...meta,
      });
      return `${server}/${policy}/${id}`;
    }
    case "okta:group/group:Group": {
      const id = oktaId("00g");
      org.groups.push({
        id,
        type: "OKTA_GROUP",
        objectClass: ["okta:user_group"],
        profile: { name: str(r, "name"), description: str(r, "description") },
        ...meta,
      });
      return id;
    }
    case "okta:group/rule:Rule": {
      const id = oktaId("0pr");
      org.groupRules.push({
        id,
        type: "group_rule",
        name: str(r, "name"),
        status: "ACTIVE",
        conditions: { expression: { value: str(r, "expressionValue"), type: "urn:okta:expression:1.0" } },
        ...meta,
      });
      return id;
    }
    case "okta:index/adminRoleCustom:AdminRoleCustom": {
      const id = oktaId("cr0");
      org.customRoles.push({ id, label: str(r, "label"), description: str(r, "description"), ...meta });
      return id;
    }
    case "okta:index/authenticator:Authenticator": {
      const id = oktaId("aut");
      org.authenticators.push({
        id,
        key: str(r, "key"),
        name: str(r, "name"),
        type: "email",
        status: "ACTIVE",
        ...meta,
      });
      return id;
    }
    case "okta:index/threatInsightSettings:ThreatInsightSettings":
      return "_";
    case "okta:index/userSchemaProperty:UserSchemaProperty":
      org.schemaProperties[str(r, "index")] = {
        title: str(r, "title"),
        type: str(r, "type") || "string",
        mutability: "READ_WRITE",
        scope: "NONE",
        permissions: [],
      };
      return str(r, "index");
    case "okta:index/hookKey:HookKey": {
      // The Hook Keys API's key object: `id` names it in the hook's channel, `keyId` is its public key's alias.
      const id = oktaId("HKY");
      org.hookKeys.push({ id, keyId: `${id}-kid`, name: str(r, "name"), isUsed: "true", ...meta });
      return id;
    }
    case "okta:inline/hook:Hook": {
      const id = oktaId("cal");
      org.inlineHooks.push({
        id,
        name: str(r, "name"),
        status: "ACTIVE",
        type: str(r, "type"),
        version: "1.0.0",
        channel: { type: "HTTP", version: "1.0.0", config: {} },
        ...meta,
      });
      return id;
    }
    case "okta:network/zone:Zone": {
      const id = oktaId("nzo");
      org.zones.push({
        id,
        type: str(r, "type"),
        name: str(r, "name"),
        status: "ACTIVE",
        usage: str(r, "usage"),
        system: false,
        ...meta,
      });
      return id;
    }
    case "okta:trustedorigin/origin:Origin": {
      const id = oktaId("tos");
      org.trustedOrigins.push({
        id,
        name: str(r, "name"),
        origin: str(r, "origin"),
        scopes: r.inputs.scopes,
        status: "ACTIVE",
        ...meta,
      });
      return id;
    }
    case "okta:user/user:User": {
      const id = oktaId("00u");
      org.users.push({
        id,
        status: "ACTIVE",
        profile: {
          login: str(r, "login"),
          email: str(r, "email"),
          firstName: str(r, "firstName"),
          lastName: str(r, "lastName"),
        },
        ...meta,
      });
      return id;
    }
    default:
      throw new Error(`the test org cannot seed ${r.type} yet: add it here`);
  }
}

/** The objects every Okta org has from the start (test-owned, in Okta's shapes). */
export function addBuiltIns(org: FakeOrg): { count: number; superAdmin: string } {
  const everyone: Obj = {
    id: oktaId("00g"),
    type: "BUILT_IN",
    objectClass: ["okta:user_group"],
    profile: { name: "Everyone", description: "All users in your organization" },
    ...meta,
  };
  const admins: Obj = {
    id: oktaId("00g"),
    type: "BUILT_IN",
    objectClass: ["okta:user_group"],
    profile: { name: "Okta Administrators", description: "Okta manages this group" },
    ...meta,
  };
  org.groups.unshift(everyone, admins);
  org.apps.unshift(
    {
      id: oktaId("0oa"),
      name: "saasure",
      label: "Okta Admin Console",
      status: "ACTIVE",
      signOnMode: "OPENID_CONNECT",
      ...meta,
    },
    {
      id: oktaId("0oa"),
      name: "okta_enduser",
      label: "Okta Dashboard",
      status: "ACTIVE",
      signOnMode: "OPENID_CONNECT",
      ...meta,
    },
  );
  const signOn = oktaId("00p");
  const access = oktaId("rst");
  org.policies.unshift(
    { id: signOn, type: "OKTA_SIGN_ON", name: "Default Policy", status: "ACTIVE", system: true, priority: 1, ...meta },
    { id: access, type: "ACCESS_POLICY", name: "Default Policy", status: "ACTIVE", system: true, priority: 1, ...meta },
  );
  // The IdP routing rules: Okta's default IdP discovery policy and its default rule.
  const routing = oktaId("00p");
  org.policies.push({
    id: routing,
    type: "IDP_DISCOVERY",
    name: "Idp Discovery Policy",
    status: "ACTIVE",
    system: true,
    priority: 1,
    ...meta,
  });
  org.policyRules[routing] = [
    {
      id: oktaId("0pr"),
      type: "IDP_DISCOVERY",
      name: "Default Rule",
      status: "ACTIVE",
      system: true,
      priority: 1,
      ...meta,
    },
  ];
  org.policyRules[signOn] = [
    { id: oktaId("0pr"), type: "SIGN_ON", name: "Default Rule", status: "ACTIVE", system: true, priority: 1, ...meta },
  ];
  org.policyRules[access] = [
    {
      id: oktaId("rul"),
      type: "ACCESS_POLICY",
      name: "Catch-all Rule",
      status: "ACTIVE",
      system: true,
      priority: 99,
      ...meta,
    },
  ];
  const defaultServer = oktaId("aus");
  org.authServers.unshift({
    id: defaultServer,
    name: "default",
    description: "Default Authorization Server",
    audiences: ["api://default"],
    issuerMode: "ORG_URL",
    status: "ACTIVE",
    ...meta,
  });
  org.scopes[defaultServer] = [
    {
      id: oktaId("scp"),
      name: "openid",
      system: true,
      consent: "IMPLICIT",
      default: false,
      metadataPublish: "ALL_CLIENTS",
    },
  ];
  org.zones.unshift({
    id: oktaId("nzo"),
    type: "IP",
    name: "LegacyIpZone",
    status: "ACTIVE",
    usage: "POLICY",
    system: true,
    ...meta,
  });
  // The admin who set up the org holds a role: an object of the org no code manages, reviewed on the ignore list.
  const superAdmin = oktaId("00u");
  org.roleUsers.push({ id: superAdmin, orn: `orn:okta:directory:00o1:users:${superAdmin}`, _links: {} });
  // Everyone, Okta Administrators, the two apps, three policies, three rules, the server, its scope, the zone.
  return { count: 13, superAdmin };
}

/**
 * What `pulumi stack export` writes for the stack once the seeded objects are imported (apitype.UntypedDeployment,
 * version 3): the stack, its components and provider, and each Okta resource with the id the provider keeps in
 * state (the object's own id, the last part of an import id). Secret outputs are encrypted envelopes, as in a
 * real export without --show-secrets.
 */
export function stateExport(run: ProgramRun, importIds: ReadonlyMap<string, string>): Obj {
  const okta = new Set(importable(run).map((r) => r.urn));
  const resources = run.registrations.map((r) => {
    const urn = r.type === "pulumi:pulumi:Stack" ? r.urn : engineUrn(run, r.urn);
    const base: Obj = { urn, custom: r.custom, type: r.type };
    if (!r.custom) return { ...base, outputs: {} };
    const id = okta.has(r.urn)
      ? (importIds.get(r.urn)?.split("/").pop() ?? "")
      : "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    return {
      ...base,
      id,
      inputs: { name: r.name },
      outputs: {
        id,
        clientSecret: {
          "4dabf18193072939515e22adc7d6ce2f": "1b47061264138c4ac30d75fd1eb44270",
          ciphertext: "v1:STATESECRETCIPHERTEXT:c2VjcmV0",
        },
      },
      ...(r.provider === "" ? {} : { provider: r.provider }),
    };
  });
  return {
    version: 3,
    deployment: {
      manifest: { time: NOW, magic: "0e9f7b8f2c", version: "v3.270.0" },
      secrets_providers: { type: "service", state: { url: "https://api.pulumi.com", owner: "iatcore" } },
      resources,
    },
  };
}
