import * as okta from "@pulumi/okta";
import * as pulumi from "@pulumi/pulumi";
import type { PublicJwk } from "../config/clientKeys";
import type { AppDefinition } from "./appSet";
import { OktaComponent } from "./oktaComponent";

export interface AppArgs {
  /** The org's explicit Okta provider. Required. */
  readonly provider: pulumi.ProviderResource;
  /** Protect the app (an identity-bearing resource) and its assignments. Default: false. */
  readonly protect?: boolean;
  /**
   * Keep no client secret in the state (`omitSecret: true` on OIDC apps): the secret lives only in Okta, and the
   * app exports none. Prod-grade profiles set it, because any token that can read a stack can decrypt its state.
   * Default: false.
   */
  readonly omitSecret?: boolean;
  /** What the app is. Required. */
  readonly definition: AppDefinition;
  /** Id of the app's sign-on policy: its link to it. Required unless the app is a `service` app. */
  readonly authenticationPolicy?: pulumi.Input<string>;
  /** Ids of the groups assigned to the app, in priority order. Required (empty for `service` apps). */
  readonly groupIds: readonly pulumi.Input<string>[];
  /**
   * Prefix of the children's names: the app is `<prefix>-app-<key>`, its assignments `<prefix>-assignments-<key>`.
   * Required. These are the names the resources had before each app had its own component; a new name would
   * replace the Okta app (a new client id and secret), so they stay.
   */
  readonly childNamePrefix: string;
  /**
   * The component the app's resources were children of before this one existed (the app set). Each child gets
   * an alias to its URN under it, so existing stacks update in place. Default: none (a new stack).
   *
   * Given as that component's URN (a string) when the caller knows it, each alias is the child's former URN
   * itself: the SDK resolves a `{ parent }` alias through several outputs per child, first when the resource is
   * constructed and again when it is registered, which at 1,000 apps is a tenth of the evaluation's CPU
   * (docs/performance.md). Both forms name the same URN.
   */
  readonly formerParent?: pulumi.Resource | string;
}

/** The URN of a child of type `type` named `name` under the resource whose URN is `parentUrn` (not the stack). */
export function childUrn(parentUrn: string, type: string, name: string): string {
  return `${parentUrn.slice(0, parentUrn.lastIndexOf("::"))}$${type}::${name}`;
}

/**
 * A public JWK as the provider takes it (`OAuthJwk`): it has no `crv` input, and sends an EC key's kty, kid, x and y
 * (okta/terraform-provider-okta, resource_okta_app_oauth.go), so the curve, checked with the coordinates' length when
 * the stack's config is read, stays out.
 */
function providerJwk(key: PublicJwk): okta.types.input.app.OAuthJwk {
  return key.kty === "RSA"
    ? { kty: key.kty, kid: key.kid, e: key.e, n: key.n }
    : { kty: key.kty, kid: key.kid, x: key.x, y: key.y };
}

/**
 * One app and everything it gets: the OIDC or SAML app linked to its sign-on policy, and the one
 * `AppGroupAssignments` that assigns its groups. The plan's tree and `pulumi stack` show them together.
 */
export class App extends OktaComponent {
  /** The app's id. */
  readonly appId: pulumi.Output<string>;
  /** The OIDC client id; undefined for SAML apps. */
  readonly clientId: pulumi.Output<string> | undefined;
  /**
   * The client secret of a confidential OIDC client, as a Pulumi secret; undefined for public clients, SAML apps,
   * apps that authenticate with private_key_jwt (they have none) and apps that keep no secret in the state
   * (`omitSecret`).
   */
  readonly clientSecret: pulumi.Output<string> | undefined;

  private readonly providerRef: pulumi.ProviderResource;

  constructor(name: string, args: AppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("okta-mmod:apps:App", name, args.protect ?? false, opts);
    this.providerRef = args.provider;
    const app = args.definition;
    const former = args.formerParent;
    const opt = (type: string, childName: string) =>
      this.childOpts(
        type,
        former === undefined
          ? {}
          : { aliases: [typeof former === "string" ? childUrn(former, type, childName) : { parent: former }] },
      );

    if (app.kind === "oidc") {
      const publicClient = app.type === "browser" || app.type === "native";
      const omitSecret = args.omitSecret ?? false;
      // An app with its public keys signs client assertions (private_key_jwt): Okta keeps no secret for it. Okta
      // changes the method in place (the provider's tokenEndpointAuthMethod, jwks and jwksUri force no
      // replacement), so the client id stays.
      const key = publicClient ? undefined : app.clientKey;
      const appName = `${args.childNamePrefix}-app-${app.key}`;
      const oauth = new okta.app.OAuth(
        appName,
        {
          label: app.label,
          type: app.type,
          grantTypes: [...app.grantTypes],
          responseTypes: [...app.responseTypes],
          redirectUris: app.redirectUris ? [...app.redirectUris] : undefined,
          postLogoutRedirectUris: app.postLogoutRedirectUris ? [...app.postLogoutRedirectUris] : undefined,
          loginUri: app.loginUri,
          pkceRequired: app.pkceRequired,
          tokenEndpointAuthMethod: publicClient
            ? "none"
            : key !== undefined
              ? "private_key_jwt"
              : "client_secret_basic",
          ...(key === undefined
            ? {}
            : "jwksUri" in key
              ? { jwksUri: key.jwksUri }
              : { jwks: key.jwks.map(providerJwk) }),
          refreshTokenRotation: app.refreshTokenRotation,
          consentMethod: app.consentMethod ?? "TRUSTED",
          authenticationPolicy: args.authenticationPolicy,
          // Unset rather than false where secrets are kept: an existing dev app's inputs stay as they were.
          omitSecret: omitSecret ? true : undefined,
        },
        opt("okta:app/oAuth:OAuth", appName),
      );
      this.appId = oauth.id;
      this.clientId = oauth.clientId;
      this.clientSecret =
        publicClient || omitSecret || key !== undefined ? undefined : pulumi.secret(oauth.clientSecret);
    } else {
      const appName = `${args.childNamePrefix}-app-${app.key}`;
      const saml = new okta.app.Saml(
        appName,
        {
          label: app.label,
          ssoUrl: app.ssoUrl,
          recipient: app.recipient,
          destination: app.destination,
          audience: app.audience,
          subjectNameIdTemplate: app.subjectNameIdTemplate ?? "${user.userName}",
          subjectNameIdFormat: app.subjectNameIdFormat ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
          samlVersion: "2.0",
          signatureAlgorithm: "RSA_SHA256",
          digestAlgorithm: "SHA256",
          responseSigned: true,
          assertionSigned: true,
          honorForceAuthn: true,
          authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
          authenticationPolicy: args.authenticationPolicy,
        },
        opt("okta:app/saml:Saml", appName),
      );
      this.appId = saml.id;
      this.clientId = undefined;
      this.clientSecret = undefined;
    }

    if (args.groupIds.length > 0) {
      const assignmentsName = `${args.childNamePrefix}-assignments-${app.key}`;
      new okta.AppGroupAssignments(
        assignmentsName,
        {
          appId: this.appId,
          groups: args.groupIds.map((id, i) => ({ id, priority: i + 1, profile: "{}" })),
        },
        opt("okta:index/appGroupAssignments:AppGroupAssignments", assignmentsName),
      );
    }

    this.registerOutputs({ appId: this.appId, clientId: this.clientId, clientSecret: this.clientSecret });
  }

  protected get oktaProvider(): pulumi.ProviderResource {
    return this.providerRef;
  }
}
