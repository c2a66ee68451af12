import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "./childOptions";
import * as tfe from "@pulumi/tfe";
import type { TfcNotification } from "../../config/delivery";

/** A workspace variable: Terraform variables by default; `sensitive` ones are write-only in Terraform Cloud. */
export interface WorkspaceVariable {
  readonly value: pulumi.Input<string>;
  /** Default: false. */
  readonly sensitive?: boolean;
  /** Whether the value is HCL (a list, say). Default: false. */
  readonly hcl?: boolean;
}

export interface TerraformCloudWorkspaceArgs {
  /** Terraform Cloud / Enterprise host. Default: app.terraform.io. */
  readonly hostname?: string;
  readonly organization: string;
  /** The project holding this stack's workspace (one per environment, so prod access can be restricted). Required. */
  readonly project: string;
  /** The workspace name, e.g. okta-terraform-ref-prod. Required. */
  readonly workspace: string;
  /** owner/name of the GitHub repository. Required. */
  readonly repository: string;
  /** The branch the workspace follows. Required (never the default branch implicitly). */
  readonly branch: string;
  /** The organization's VCS OAuth token id (ot-...). Required. */
  readonly oauthTokenId: string;
  /** Apply automatically after a successful plan. Default: false. */
  readonly autoApply?: boolean;
  /** Run health assessments (drift detection) about every 24 hours. Default: false. */
  readonly assessments?: boolean;
  /**
   * Where drift and failed assessments are reported: Terraform Cloud users by email (no secret), or a webhook
   * whose URL is kept as a secret. Default: nowhere.
   */
  readonly notification?: TfcNotification<pulumi.Input<string>>;
  /** Workspace variables by key. Default: none. */
  readonly variables?: Readonly<Record<string, WorkspaceVariable>>;
  /** Protect the project and the workspace (it holds Terraform state). Default: false. */
  readonly protect?: boolean;
}

/**
 * A Terraform Cloud workspace for one org, as the reference set up by hand: VCS-connected to the stack's branch,
 * speculative plans on pull requests, auto-apply only where asked, health assessments with notifications, and
 * the org's variables (credentials sensitive).
 */
export class TerraformCloudWorkspace extends pulumi.ComponentResource {
  readonly provider: tfe.Provider;
  readonly workspaceId: pulumi.Output<string>;

  constructor(name: string, args: TerraformCloudWorkspaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("okta-mmod:delivery:TerraformCloudWorkspace", name, {}, opts);
    // No token input: the plugin reads TFE_TOKEN, set only where `up` runs, so the token never enters the state.
    this.provider = new tfe.Provider(
      `${name}-provider`,
      { hostname: args.hostname ?? "app.terraform.io", organization: args.organization },
      { parent: this },
    );
    const child = childOptions(this, this.provider, args.protect ?? false);
    const project = new tfe.Project(
      `${name}-project`,
      { name: args.project, organization: args.organization, description: "okta-mmod workspaces of one environment" },
      child("tfe:index/project:Project"),
    );
    const workspace = new tfe.Workspace(
      `${name}-workspace`,
      {
        name: args.workspace,
        organization: args.organization,
        projectId: project.id,
        description: `Okta org managed by okta-mmod, from the ${args.branch} branch`,
        vcsRepo: { identifier: args.repository, branch: args.branch, oauthTokenId: args.oauthTokenId },
        speculativeEnabled: true,
        autoApply: args.autoApply ?? false,
        autoApplyRunTrigger: false,
        assessmentsEnabled: args.assessments ?? false,
        allowDestroyPlan: false,
        forceDelete: false,
        globalRemoteState: false,
        queueAllRuns: false,
      },
      child("tfe:index/workspace:Workspace"),
    );
    this.workspaceId = workspace.id;

    for (const [key, variable] of Object.entries(args.variables ?? {})) {
      new tfe.Variable(
        `${name}-variable-${key.replace(/_/g, "-")}`,
        {
          workspaceId: workspace.id,
          key,
          value: variable.sensitive ? pulumi.secret(variable.value) : variable.value,
          category: "terraform",
          sensitive: variable.sensitive ?? false,
          hcl: variable.hcl ?? false,
        },
        child("tfe:index/variable:Variable"),
      );
    }

    const notification = args.notification;
    if (notification !== undefined) {
      const common = {
        name: "drift and failed assessments",
        workspaceId: workspace.id,
        destinationType: notification.type,
        enabled: true,
        triggers: ["assessment:drifted", "assessment:failed", "assessment:check_failure"],
      };
      const type = "tfe:index/notificationConfiguration:NotificationConfiguration";
      // An email goes to Terraform Cloud users and needs no secret; a webhook's URL is one, in the state too.
      new tfe.NotificationConfiguration(
        `${name}-drift-notification`,
        notification.type === "email"
          ? { ...common, emailUserIds: [...notification.emailUserIds] }
          : { ...common, url: pulumi.secret(notification.url) },
        child(type, notification.type === "email" ? {} : { additionalSecretOutputs: ["url"] }),
      );
    }
    this.registerOutputs({ workspaceId: this.workspaceId });
  }
}
