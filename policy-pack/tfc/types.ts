export const WORKSPACE = "tfe:index/workspace:Workspace";
export const VARIABLE = "tfe:index/variable:Variable";
export const NOTIFICATION = "tfe:index/notificationConfiguration:NotificationConfiguration";
