import { Command, Option } from "commander";
import { TRUSTED_ACCESS_MODES } from "../../aws-constants";
import { lazyRun, Wrap } from "../command";
import { DISCOVER_FORMATS } from "../formats";
import type { DiscoverOptions } from "../run/discover";

const run = lazyRun<DiscoverOptions>(() => require("../run/discover"));

export function registerDiscover(program: Command, wrap: Wrap): void {
  program
    .command("discover")
    .description("read the live organization (trusted access, delegated admin, policy types, features); optionally write it into the config")
    .option("--name <name>", 'the config entry to add or update (default: the entry for this organization, else "main")')
    .option("--write <file>", "add or update the organization's entry in this config file (other entries are left as they are)")
    .addOption(
      new Option("--mode <mode>", "trusted-access mode: of a new entry (default service-access), or the mode an existing entry switches to").choices(
        TRUSTED_ACCESS_MODES,
      ),
    )
    .addOption(new Option("--format <format>", "output format").choices(DISCOVER_FORMATS).default("table"))
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<DiscoverOptions>())));
}
