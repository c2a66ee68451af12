import * as pulumi from "@pulumi/pulumi";
import { isProtected } from "./protection";

/**
 * Base of the components that own Okta resources: every child gets `{parent: this}`, the stack's explicit
 * Okta provider, and `protect` when its type is identity-bearing and the stack is protected.
 */
export abstract class OktaComponent extends pulumi.ComponentResource {
  protected constructor(
    type: string,
    name: string,
    private readonly protectIdentity: boolean,
    opts: pulumi.ComponentResourceOptions | undefined,
  ) {
    super(type, name, {}, opts);
  }

  /** The explicit Okta provider every child uses (never the default provider). */
  protected abstract get oktaProvider(): pulumi.ProviderResource;

  /** Options for a child Okta resource of type `childType` (the provider's type token). */
  protected childOpts(childType: string, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    return {
      ...extra,
      parent: this,
      provider: this.oktaProvider,
      protect: isProtected(childType, this.protectIdentity),
    };
  }

  /** Options for a child dynamic resource (it talks to Okta itself: no Okta provider), protected like the rest. */
  protected dynamicChildOpts(childType: string): pulumi.CustomResourceOptions {
    return { parent: this, protect: isProtected(childType, this.protectIdentity) };
  }
}
