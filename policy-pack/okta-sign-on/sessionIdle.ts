import { PROD_MANDATORY } from "../lib/levels";
import { sessionLimit } from "./sessionLimit";

export const signonSessionIdle = sessionLimit({
  name: "okta-signon-session-idle",
  catalogueId: "G18",
  property: "sessionIdle",
  what: "session idle timeout",
  maxMinutes: 120,
  levels: PROD_MANDATORY,
  providerDefault: 120,
});
