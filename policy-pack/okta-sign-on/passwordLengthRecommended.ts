import { ADVISORY } from "../lib/levels";
import { passwordStrength } from "./passwordStrength";

export const passwordPolicyLengthRecommended = passwordStrength(
  "okta-password-policy-length-recommended",
  15,
  ADVISORY,
  false,
);
