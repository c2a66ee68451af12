/**
 * Credentials a failed command may echo into its error output (a provider printing a request, a stack file read
 * back, a debug line), removed before that output goes into a job summary or an issue. GitHub masks registered
 * secrets in job logs only; an issue body written through the API is not masked, and the drift repository may be
 * public. Each rule keeps what says which credential it was, and removes the value.
 */
export const REDACTED = "[redacted]";

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly replace: (match: string, ...groups: string[]) => string;
}

/** Property names that hold a credential, in the spellings logs use (`client_secret`, `privateKey`, `api-token`). */
const CREDENTIAL_NAME =
  "(?:client[_-]?secret|private[_-]?key|api[_-]?token|access[_-]?token|refresh[_-]?token|id[_-]?token|password|passphrase|secret|token|credentials?)";

const RULES: readonly Rule[] = [
  {
    // A PEM block, with real or JSON-escaped (`\n`) line breaks; an unterminated one runs to the end of the text.
    name: "PEM private key",
    pattern: /-----BEGIN ([A-Z ]*PRIVATE KEY)-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    replace: (_m, kind) => `-----BEGIN ${kind}----- ${REDACTED} -----END ${kind}-----`,
  },
  {
    // Okta's SSWS API tokens, OAuth bearer and DPoP tokens, basic credentials: the scheme stays, the value goes.
    name: "authorization scheme",
    pattern: /\b(SSWS|Bearer|DPoP|Basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/g,
    replace: (_m, scheme, space) => `${scheme}${space}${REDACTED}`,
  },
  {
    // A JSON web token anywhere (a client assertion, an access token in a URL or a JSON document).
    name: "JSON web token",
    pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
    replace: () => REDACTED,
  },
  {
    // Pulumi access tokens, GitHub tokens (classic, fine-grained, app), Terraform Cloud tokens, Okta API tokens.
    name: "known token format",
    pattern:
      /\b(?:pul-[0-9a-f]{40}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{20,}|00[A-Za-z0-9_-]{40})\b/g,
    replace: () => REDACTED,
  },
  {
    // `name=value`, `name: value`, `"name": "value"` where the name says credential (and PULUMI_CONFIG_PASSPHRASE).
    name: "credential-named value",
    pattern: new RegExp(
      `(?<![^\\s"'{,;:?&(])((?:["']?)[A-Za-z0-9_.-]*${CREDENTIAL_NAME}["']?\\s*[:=]\\s*)(?!\\[redacted\\])(?:"(?:[^"\\\\\\n]|\\\\.)*"|'[^'\\n]*'|[^\\s,;"'}\\]]+)`,
      "gi",
    ),
    replace: (_m, name) => `${name}${REDACTED}`,
  },
];

/** The text with every credential the rules recognise replaced by `[redacted]`. */
export function redact(text: string): string {
  return RULES.reduce((out, rule) => out.replace(rule.pattern, rule.replace), text);
}
