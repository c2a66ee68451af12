/**
 * Credentials a command may echo into what it prints (a provider printing a request, a stack file read back, a
 * debug line, an org's error summary quoting what it was sent), removed before that text goes into a job summary,
 * an issue or a terminal. GitHub masks registered secrets in job logs only; an issue body written through the API
 * is not masked, and the drift repository may be public. The drift outcome and both adoption commands use this one
 * set of rules. Each rule keeps what says which credential it was, and removes the value.
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

/**
 * A JSON web token anywhere (a client assertion, an access token in a URL or a JSON document), or the start of one:
 * a base64url JSON header (`{"`) alone is enough, since a message may cut the token short.
 */
const JWT_RULE: Rule = {
  name: "JSON web token",
  pattern: /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*|eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g,
  replace: () => REDACTED,
};

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
  JWT_RULE,
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

/** Shorter values are not looked for: they would take ordinary words out of the text. */
const MIN_SECRET_LENGTH = 8;

/**
 * The text with the credentials the caller holds (`secrets`: the environment's token and private key, say) taken out
 * wherever they appear, whatever their shape, and any JWT. A key is also a run of base64 lines, so no line of it may
 * appear either. For a message the command wrote itself, whose words the broader rules would take for values
 * (`credentials: the org ...`); text from elsewhere goes through {@link redact}.
 */
export function redactHeld(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets.map((s) => s.trim()).filter((s) => s.length >= MIN_SECRET_LENGTH)) {
    out = out.split(secret).join(REDACTED);
    for (const line of secret.replace(/\\n/g, "\n").split("\n")) {
      const part = line.trim();
      if (part.length >= 16 && !part.startsWith("-----")) out = out.split(part).join(REDACTED);
    }
  }
  return out.replace(JWT_RULE.pattern, JWT_RULE.replace);
}

/** The text with what {@link redactHeld} takes out, and every other credential the rules recognise. */
export function redact(text: string, secrets: readonly string[] = []): string {
  return RULES.reduce((acc, rule) => acc.replace(rule.pattern, rule.replace), redactHeld(text, secrets));
}
