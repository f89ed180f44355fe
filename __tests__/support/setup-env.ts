// Test processes: no AWS SDK Node-version notice on stderr, and never a real AWS endpoint by accident.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.AWS_EC2_METADATA_DISABLED = "true";
