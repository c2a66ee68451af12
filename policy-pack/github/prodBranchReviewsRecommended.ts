import { ADVISORY } from "../lib/levels";
import { reviews } from "./prodBranchReviews";

export const prodBranchReviewsRecommended = reviews("github-prod-branch-two-reviews-recommended", 2, ADVISORY, false);
