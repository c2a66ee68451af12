import * as pulumi from "@pulumi/pulumi";

/** Options for a component's children: parented to it, on its explicit provider, plus what a child adds. */
export function childOptions(parent: pulumi.Resource, provider: pulumi.ProviderResource) {
  return (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ ...extra, parent, provider });
}
