// Shapes of AWS identifiers, shared by the config schema and the constructs' own prop checks.

export const ACCOUNT_ID = /^\d{12}$/;
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
export const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:iam::\d{12}:role\/([\x21-\x7e]+\/)*[\w+=,.@-]{1,64}$/;
export const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:(iam::\d{12}:(root|role\/[\x21-\x7e]+|user\/[\x21-\x7e]+)|sts::\d{12}:assumed-role\/[\x21-\x7e]+)$/;
export const SNS_TOPIC_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;
export const POLICY_TYPE = /^[A-Z][A-Z0-9_]*_POLICY$/;
export const ORGANIZATION_TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
export const STACK_NAME = /^[a-z][a-z0-9-]{0,39}$/;
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
