// The output formats each command offers (its --format choices).
export const AUDIT_FORMATS = ["table", "json", "csv", "markdown", "html"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];
export const CHECK_FORMATS = ["text", "json", "markdown", "html"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
export const DISCOVER_FORMATS = ["table", "json"] as const;
export type DiscoverFormat = (typeof DISCOVER_FORMATS)[number];
export const REVIEW_FORMATS = ["markdown", "json"] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];
export const READINESS_FORMATS = ["table", "json", "markdown", "csv", "html"] as const;
export type ReadinessFormat = (typeof READINESS_FORMATS)[number];
