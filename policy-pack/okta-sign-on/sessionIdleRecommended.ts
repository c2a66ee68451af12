import { ADVISORY } from "../lib/levels";
import { sessionLimit } from "./sessionLimit";

export const signonSessionIdleRecommended = sessionLimit({
  name: "okta-signon-session-idle-recommended",
  catalogueId: "G18",
  property: "sessionIdle",
  what: "session idle timeout",
  maxMinutes: 15,
  levels: ADVISORY,
  providerDefault: 120,
});
