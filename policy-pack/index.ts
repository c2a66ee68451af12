import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Every policy defaults to its prod level; pass config/dev.json or config/prod.json with --policy-pack-config.
new PolicyPack("okta-mmod-guardrails", { policies, enforcementLevel: "advisory" });
