/** This tool's version, from package.json. */
export const TOOL_VERSION: string = require("../package.json").version;
