import { PROD_MANDATORY } from "../lib/levels";
import { sessionLimit } from "./sessionLimit";

export const signonSessionLifetime = sessionLimit({
  name: "okta-signon-session-lifetime",
  catalogueId: "G17",
  property: "sessionLifetime",
  what: "session lifetime",
  maxMinutes: 720,
  levels: PROD_MANDATORY,
  providerDefault: undefined,
});
