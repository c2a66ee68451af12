import { z } from "zod";
import { EnvironmentName, isProdGrade } from "./environments";
import { strictObject } from "./schema";

/**
 * The delivery machinery a stack manages besides its Okta org: the GitHub repository and its environment,
 * Terraform Cloud workspaces, Pulumi Deployments. Each part is present only when its section is in
 * `okta-mmod:delivery` (and not `enabled: false`). Their tokens are never in the stack's config: each provider
 * reads its own environment variable, set only where `pulumi up` runs (config/credentials.ts).
 */

/** Daily at 13:00 UTC: 09:00 in New York during daylight saving time (08:00 in winter). */
export const DEFAULT_DRIFT_CRON = "0 13 * * *";
export const DEFAULT_TFC_HOSTNAME = "app.terraform.io";
export const DEFAULT_REQUIRED_CHECKS = ["test", "preview"];
/**
 * The GitHub environment of the drift check's alerts (the issue and the Slack webhook), which the stack that owns
 * the repository declares with a deployment branch policy for the default branch alone.
 */
export const DRIFT_ALERTS_ENVIRONMENT = "drift-alerts";

/**
 * Actions from outside GitHub that the repository may run, as GitHub's allowed-actions patterns (GitHub's own,
 * actions/* and github/*, are allowed besides). Any version: the repository also requires every action pinned to a
 * full commit SHA, so a new release is adopted by a reviewed workflow change, never by this list.
 */
export const ALLOWED_ACTIONS = ["pulumi/actions@*", "pulumi/auth-actions@*"] as const;

/**
 * Terraform Cloud hosts a stack may send its TFE token to: HCP Terraform in the US and the EU. A Terraform
 * Enterprise host is added here, in reviewed code, never from a stack file (whoever edits one could otherwise
 * point the token at a host of their choosing).
 */
export const TFC_HOSTNAMES = ["app.terraform.io", "app.eu.terraform.io"] as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The five cron fields and their ranges (day of week: 0 or 7 is Sunday). */
const CRON_FIELDS = [
  { name: "minute", lo: 0, hi: 59 },
  { name: "hour", lo: 0, hi: 23 },
  { name: "day of month", lo: 1, hi: 31 },
  { name: "month", lo: 1, hi: 12 },
  { name: "day of week", lo: 0, hi: 7 },
] as const;

/** Whether one cron field (a star, a step such as every 15, a range, a list) only names values within its range. */
function cronFieldValid(field: string, lo: number, hi: number): boolean {
  return field.split(",").every((part) => {
    const match = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
    if (match === null) return false;
    const [, , from, to, step] = match;
    const inRange = (n: string | undefined) => n === undefined || (Number(n) >= lo && Number(n) <= hi);
    const ordered = from === undefined || to === undefined || Number(from) <= Number(to);
    return inRange(from) && inRange(to) && ordered && (step === undefined || Number(step) >= 1);
  });
}

/** Whether a five-field cron schedule is valid, field by field. */
export function isValidCron(value: string): boolean {
  const fields = value.trim().split(/\s+/);
  return fields.length === 5 && CRON_FIELDS.every((f, i) => cronFieldValid(fields[i] as string, f.lo, f.hi));
}

/** Terraform Cloud notification destinations that post to a URL, which is itself the credential (a bearer secret). */
export const WEBHOOK_NOTIFICATIONS = ["slack", "generic", "microsoft-teams"] as const;
/** The destination that needs no secret: Terraform Cloud emails its own users, named by id. */
export const EMAIL_NOTIFICATION = "email";
const NOTIFICATION_TYPES = [...WEBHOOK_NOTIFICATIONS, EMAIL_NOTIFICATION] as const;
type WebhookNotification = (typeof WEBHOOK_NOTIFICATIONS)[number];
/** A Terraform Cloud user id, as the organization's member list shows it (`user-...`). */
const TFC_USER_ID = /^user-[A-Za-z0-9]+$/;

const name = (what: string) => z.string({ error: what }).regex(NAME, { error: what });
const bool = z.boolean({ error: "true or false" });
const names = (what: string) => z.array(name(what), { error: `a list of ${what}s` });

export const deliverySchema = strictObject(
  {
    repository: z
      .string({ error: "the GitHub repository as owner/name, e.g. iatcore/okta-mmod" })
      .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, {
        error: "the GitHub repository as owner/name, e.g. iatcore/okta-mmod",
      }),
    branch: name("the git branch this stack deploys from, e.g. preview or prod"),
    github: strictObject(
      {
        enabled: bool.optional(),
        ownsRepository: bool.optional(),
        adoptExistingRepository: bool.optional(),
        protectedBranches: names("branch name").optional(),
        prodBranch: name("the branch that deploys to prod").optional(),
        defaultBranch: name("the repository's default branch, where the scheduled drift check runs").optional(),
        requiredChecks: z
          .array(z.string().min(1, { error: "a CI job name" }), { error: "a list of CI job names" })
          .optional(),
        reviewerTeams: names("GitHub team slug").optional(),
      },
      "an object of GitHub settings",
    ).optional(),
    terraformCloud: strictObject(
      {
        enabled: bool.optional(),
        organization: name("the Terraform Cloud organization name"),
        hostname: z
          .enum(TFC_HOSTNAMES, {
            error: `one of ${TFC_HOSTNAMES.join(", ")} (the TFE token is sent there; another host is a code change to config/delivery.ts)`,
          })
          .optional(),
        oauthTokenId: z
          .string({ error: "the id of the organization's VCS OAuth token, ot-..." })
          .regex(/^ot-[A-Za-z0-9]+$/, { error: "the id of the organization's VCS OAuth token, ot-..." }),
        workspace: name("a workspace name").optional(),
        notification: strictObject(
          {
            type: z.enum(NOTIFICATION_TYPES, { error: NOTIFICATION_TYPES.join(", ") }),
            emailUserIds: z
              .array(
                z
                  .string({ error: "a Terraform Cloud user id, user-..." })
                  .regex(TFC_USER_ID, { error: "a Terraform Cloud user id, user-..." }),
                { error: "a list of Terraform Cloud user ids (user-...)" },
              )
              .optional(),
          },
          "an object with type (email with emailUserIds, or a webhook: slack, generic, microsoft-teams, whose URL is the secret okta-mmod:tfcNotificationUrl)",
        ).optional(),
      },
      "an object of Terraform Cloud settings",
    ).optional(),
    deployments: strictObject(
      {
        enabled: bool.optional(),
        organization: name("the Pulumi Cloud organization name"),
        deployOnPush: bool.optional(),
        executorImage: z
          .string({ error: "a container image reference, e.g. pulumi/pulumi-nodejs-22:latest" })
          .regex(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/, {
            error: "a container image reference, e.g. pulumi/pulumi-nodejs-22:latest",
          })
          .optional(),
        driftSchedule: z
          .string({ error: "a five-field cron schedule in UTC, e.g. 0 13 * * *" })
          .refine(isValidCron, {
            error:
              "a five-field cron schedule in UTC, e.g. 0 13 * * * (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7)",
          })
          .nullable()
          .optional(),
      },
      "an object of Pulumi Deployments settings",
    ).optional(),
  },
  "an object with repository, branch and the github / terraformCloud / deployments sections",
);

export type DeliveryInput = z.infer<typeof deliverySchema>;

/**
 * Where a workspace reports drift: an email to Terraform Cloud users (no secret), or a webhook whose URL is a
 * secret kept in the stack's config and the workspace's state.
 */
export type TfcNotification<S> =
  | { readonly type: typeof EMAIL_NOTIFICATION; readonly emailUserIds: readonly string[] }
  | { readonly type: WebhookNotification; readonly url: S };

/** Whether a notification input posts to a webhook (its URL is then the secret `tfcNotificationUrl`). */
function isWebhook(notification: { readonly type: string } | undefined): boolean {
  return notification !== undefined && notification.type !== EMAIL_NOTIFICATION;
}

/** The delivery settings of one stack, validated, with defaults applied. `S` carries secrets. */
export interface DeliveryConfig<S> {
  readonly owner: string;
  readonly repository: string;
  /** The branch this stack deploys from. */
  readonly branch: string;
  readonly github?: {
    /** Whether this stack declares the repository-wide parts (repository, branches, protection). */
    readonly ownsRepository: boolean;
    readonly adoptExistingRepository: boolean;
    readonly protectedBranches: readonly string[];
    readonly prodBranch: string;
    /** The repository's default branch: the only one the drift alerts' environment admits. */
    readonly defaultBranch: string;
    readonly requiredChecks: readonly string[];
    readonly reviewerTeams: readonly string[];
  };
  readonly terraformCloud?: {
    readonly organization: string;
    readonly hostname: string;
    readonly oauthTokenId: string;
    readonly workspace: string;
    /** Auto-apply runs: on in dev, off in prod. */
    readonly autoApply: boolean;
    /** Health assessments (drift detection): on in prod. */
    readonly assessments: boolean;
    readonly notification?: TfcNotification<S>;
  };
  readonly deployments?: {
    readonly organization: string;
    /** Whether Pulumi Deployments run `up` on push (then the GitHub Actions deploy job does not). */
    readonly deployOnPush: boolean;
    /** The executor image Deployments run in; undefined = Pulumi's default image. */
    readonly executorImage: string | undefined;
    readonly driftSchedule: string | null;
  };
}

/** Secrets the enabled parts need from the stack's config: the drift notification's URL (no write credential). */
export function deliverySecretsNeeded(input: DeliveryInput | undefined): string[] {
  const tfc = input?.terraformCloud;
  return tfc !== undefined && tfc.enabled !== false && isWebhook(tfc.notification) ? ["tfcNotificationUrl"] : [];
}

/** Rules that span fields: prod's reviewers and drift notifications, the repository owner's branches. */
export function deliveryProblems(
  input: DeliveryInput,
  environment: EnvironmentName,
): { path: (string | number)[]; got: unknown; expected: string }[] {
  const problems: { path: (string | number)[]; got: unknown; expected: string }[] = [];
  const gh = input.github;
  if (isProdGrade(environment) && (gh === undefined || gh.enabled === false)) {
    problems.push({
      path: gh === undefined ? ["github"] : ["github", "enabled"],
      got: gh === undefined ? undefined : false,
      expected: `${gh === undefined ? "the stack's GitHub environment settings (with reviewerTeams)" : "true or nothing"}: a prod stack deploys only through a protected GitHub environment the program manages`,
    });
  }
  if (isProdGrade(environment) && input.deployments?.enabled !== false && input.deployments?.deployOnPush === true) {
    problems.push({
      path: ["deployments", "deployOnPush"],
      got: true,
      expected:
        "false or nothing: a prod stack deploys only through its protected GitHub environment, after a reviewer approves",
    });
  }
  if (gh !== undefined && gh.enabled !== false) {
    if (gh.ownsRepository === true && (gh.protectedBranches ?? []).length === 0) {
      problems.push({
        path: ["github", "protectedBranches"],
        got: gh.protectedBranches,
        expected: "the long-lived branches to protect (e.g. [preview, prod]): this stack owns the repository",
      });
    }
    if (gh.ownsRepository === true && !(gh.protectedBranches ?? []).includes(gh.prodBranch ?? "prod")) {
      if ((gh.protectedBranches ?? []).length > 0) {
        problems.push({
          path: ["github", "protectedBranches"],
          got: gh.protectedBranches,
          expected: `a list that includes the prod branch "${gh.prodBranch ?? "prod"}"`,
        });
      }
    }
    const defaultBranch = gh.defaultBranch ?? gh.prodBranch ?? "prod";
    const protectedBranches = gh.protectedBranches ?? [];
    // Unset, it is the prod branch, which the check above already requires among the protected branches.
    const named = gh.defaultBranch !== undefined && protectedBranches.length > 0;
    if (gh.ownsRepository === true && named && !protectedBranches.includes(defaultBranch)) {
      problems.push({
        path: ["github", "defaultBranch"],
        got: defaultBranch,
        expected: `one of the protected branches (${protectedBranches.join(", ")}): the drift alerts' environment "${DRIFT_ALERTS_ENVIRONMENT}" admits the default branch, and a branch anyone could push to would hand its own copy of the drift workflow the Slack webhook (default: the prod branch)`,
      });
    }
    if (isProdGrade(environment) && (gh.reviewerTeams ?? []).length === 0) {
      problems.push({
        path: ["github", "reviewerTeams"],
        got: gh.reviewerTeams,
        expected: "at least one GitHub team slug: prod deployments need required reviewers",
      });
    }
  }
  const tfc = input.terraformCloud;
  if (tfc !== undefined && tfc.enabled !== false && isProdGrade(environment) && tfc.notification === undefined) {
    problems.push({
      path: ["terraformCloud", "notification"],
      got: undefined,
      expected: "a notification ({type: email, emailUserIds: [user-...]}): prod reports drift and failed assessments",
    });
  }
  const notification = tfc?.enabled === false ? undefined : tfc?.notification;
  if (notification !== undefined && isProdGrade(environment) && isWebhook(notification)) {
    problems.push({
      path: ["terraformCloud", "notification", "type"],
      got: notification.type,
      expected: `email (with emailUserIds): a prod-grade stack's notification needs no secret. A ${notification.type} webhook's URL is a bearer secret kept in the stack's config and state, where every token that can read the stack (a pull request's preview, the drift check) can decrypt it`,
    });
  }
  if (notification?.type === EMAIL_NOTIFICATION && (notification.emailUserIds ?? []).length === 0) {
    problems.push({
      path: ["terraformCloud", "notification", "emailUserIds"],
      got: notification.emailUserIds,
      expected:
        "at least one Terraform Cloud user id (user-..., from the organization's Users page): who the email goes to",
    });
  }
  if (notification !== undefined && isWebhook(notification) && notification.emailUserIds !== undefined) {
    problems.push({
      path: ["terraformCloud", "notification", "emailUserIds"],
      got: notification.emailUserIds,
      expected: `nothing: a ${notification.type} notification posts to the URL okta-mmod:tfcNotificationUrl, not to users (type email sends to users)`,
    });
  }
  return problems;
}

/** Builds the validated delivery settings. Call only when the input has no problems. */
export function buildDelivery<S>(
  input: DeliveryInput,
  stack: string,
  environment: EnvironmentName,
  readSecret: (key: "tfcNotificationUrl") => S,
): DeliveryConfig<S> {
  const [owner, repository] = input.repository.split("/") as [string, string];
  const prod = isProdGrade(environment);
  const gh = input.github;
  const tfc = input.terraformCloud;
  const dep = input.deployments;
  return {
    owner,
    repository,
    branch: input.branch,
    ...(gh !== undefined && gh.enabled !== false
      ? {
          github: {
            ownsRepository: gh.ownsRepository ?? false,
            adoptExistingRepository: gh.adoptExistingRepository ?? true,
            protectedBranches: gh.protectedBranches ?? [],
            prodBranch: gh.prodBranch ?? "prod",
            defaultBranch: gh.defaultBranch ?? gh.prodBranch ?? "prod",
            requiredChecks: gh.requiredChecks ?? DEFAULT_REQUIRED_CHECKS,
            reviewerTeams: gh.reviewerTeams ?? [],
          },
        }
      : {}),
    ...(tfc !== undefined && tfc.enabled !== false
      ? {
          terraformCloud: {
            organization: tfc.organization,
            hostname: tfc.hostname ?? DEFAULT_TFC_HOSTNAME,
            oauthTokenId: tfc.oauthTokenId,
            // From the stack, so a copied stack file never names another stack's workspace (the shipped dev
            // and prod stacks keep their names).
            workspace: tfc.workspace ?? `okta-terraform-ref-${stack}`,
            autoApply: !prod,
            assessments: prod,
            ...(tfc.notification === undefined
              ? {}
              : {
                  notification:
                    tfc.notification.type === EMAIL_NOTIFICATION
                      ? { type: EMAIL_NOTIFICATION, emailUserIds: tfc.notification.emailUserIds ?? [] }
                      : { type: tfc.notification.type, url: readSecret("tfcNotificationUrl") },
                }),
          },
        }
      : {}),
    ...(dep !== undefined && dep.enabled !== false
      ? {
          deployments: {
            organization: dep.organization,
            deployOnPush: dep.deployOnPush ?? !prod,
            executorImage: dep.executorImage,
            driftSchedule: dep.driftSchedule === undefined ? (prod ? DEFAULT_DRIFT_CRON : null) : dep.driftSchedule,
          },
        }
      : {}),
  };
}
