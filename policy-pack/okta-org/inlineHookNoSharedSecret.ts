import { resourceGuardrail } from "../lib/guardrail";
import { PROD_ONLY } from "../lib/levels";
import { isUnknown, str } from "../lib/values";

const INLINE_HOOK = "okta:inline/hook:Hook";
/** The program's own inline hook (a dynamic resource calling Okta's API, for hookKeyId): `channel` is an object. */
const DYNAMIC_INLINE_HOOK = "pulumi-nodejs:dynamic/okta:InlineHook";
/** Any dynamic resource without a module or type of its own: checked when it carries a hook's channel or auth. */
const DYNAMIC_RESOURCE = "pulumi-nodejs:dynamic:Resource";

/** Okta's channel object as `channelJson` carries it; only the keys this check reads. */
interface Channel {
  readonly type?: unknown;
  readonly config?: {
    readonly authType?: unknown;
    readonly clientSecret?: unknown;
    readonly authScheme?: unknown;
    readonly headers?: unknown;
  };
}

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

export const inlineHookNoSharedSecret = resourceGuardrail({
  name: "okta-inline-hook-no-shared-secret",
  catalogueId: "G30",
  description:
    "Inline hooks authenticate to their endpoint with OAuth 2.0 private_key_jwt (a key Okta keeps), never with a header value or client secret kept in the state, where every stack reader can decrypt it.",
  severity: "high",
  remediationSteps:
    'Declare the hook with channelJson {"type": "OAUTH", "config": {"authType": "private_key_jwt", "hookKeyId": <an okta.HookKey id>, "clientId", "tokenUrl", "scope"}} and no auth (okta-mmod:registrationHook.method: private_key_jwt).',
  levels: PROD_ONLY,
  resourceTypes: [INLINE_HOOK, DYNAMIC_INLINE_HOOK, DYNAMIC_RESOURCE],
  check: ({ type, props }) => {
    const problems: string[] = [];
    const kind = type.toLowerCase();
    if (
      kind === DYNAMIC_RESOURCE.toLowerCase() &&
      ["auth", "channel", "channelJson"].every((k) => props[k] === undefined)
    ) {
      return problems;
    }
    // Read past the unknown tracking: a header value unknown at preview is still a secret in the state.
    const auth: unknown = Reflect.getOwnPropertyDescriptor(props, "auth")?.value;
    if (present(auth)) {
      problems.push(
        "auth is set: the header value Okta sends is kept in the state, where every stack reader can decrypt it; authenticate with private_key_jwt",
      );
    }
    // okta.inline.Hook carries Okta's channel object as JSON text (channelJson); a dynamic hook as an object.
    const dynamic = kind !== INLINE_HOOK.toLowerCase();
    const raw = dynamic ? props.channel : props.channelJson;
    if (isUnknown(raw)) return problems;
    if (raw === undefined || raw === null) {
      if (!present(auth))
        problems.push("the hook names no authentication: Okta would call its endpoint unauthenticated");
      return problems;
    }
    let channel: Channel;
    if (dynamic) {
      channel = typeof raw === "object" ? (raw as Channel) : {};
    } else {
      try {
        channel = JSON.parse(str(raw) ?? "") as Channel;
      } catch {
        return [...problems, "channelJson is not JSON: Okta's channel object cannot be checked"];
      }
    }
    const config = channel.config ?? {};
    if (present(config.clientSecret)) {
      problems.push(
        `${dynamic ? "channel" : "channelJson"} holds a clientSecret: it is kept in the state, where every stack reader can decrypt it; use private_key_jwt`,
      );
    }
    if (present(config.authScheme)) {
      problems.push(
        `${dynamic ? "channel" : "channelJson"} holds an authScheme (a header value): it is kept in the state, where every stack reader can decrypt it; use private_key_jwt`,
      );
    }
    if (Array.isArray(config.headers) ? config.headers.length > 0 : present(config.headers)) {
      problems.push(
        `${dynamic ? "channel" : "channelJson"} holds headers: a header value sent to the endpoint is kept in the state, where every stack reader can decrypt it; use private_key_jwt`,
      );
    }
    const channelType = str(channel.type)?.toUpperCase();
    const authType = str(config.authType)?.toLowerCase();
    if (channelType !== "OAUTH" || authType !== "private_key_jwt") {
      problems.push(
        `the channel is ${JSON.stringify(str(channel.type) ?? null)} with authType ${JSON.stringify(str(config.authType) ?? null)}: allowed here: "OAUTH" with "private_key_jwt"`,
      );
    }
    return problems;
  },
});
