import { ADVISORY } from "../lib/levels";
import { sessionLimit } from "./sessionLimit";

export const signonSessionLifetimeRecommended = sessionLimit({
  name: "okta-signon-session-lifetime-recommended",
  catalogueId: "G17",
  property: "sessionLifetime",
  what: "session lifetime",
  maxMinutes: 120,
  levels: ADVISORY,
  providerDefault: undefined,
});
