import { FEATURES } from "../aws-constants";
import { OrganizationsConfig } from "./schema";

/** The config used when no file is given: one organization, safe trusted access, both features. */
export function defaultConfig(env: NodeJS.ProcessEnv = process.env): OrganizationsConfig {
  return {
    organizations: [
      {
        name: "default",
        region: env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
        trustedAccess: { mode: "service-access" },
        features: [...FEATURES],
      },
    ],
  };
}
