import * as pulumi from "@pulumi/pulumi";
import { isProtected } from "../protection";

/**
 * Options for a component's children: parented to it, on its explicit provider, protected by their type when the
 * stack is (components/protection.ts), plus what a child adds.
 */
export function childOptions(parent: pulumi.Resource, provider: pulumi.ProviderResource, protect: boolean) {
  return (type: string, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({
    protect: isProtected(type, protect),
    ...extra,
    parent,
    provider,
  });
}
