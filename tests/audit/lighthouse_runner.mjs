// The Lighthouse runs of `make audit` and `make audit-ci`, one after another in one Node
// process (tests/audit/lighthouse.py starts it, one per run at a time).
//
// Each line on stdin is a run's command line as the `lighthouse` command takes it (a JSON
// array of its arguments). The run goes through the command's own code, cli/bin.js's
// begin() less its prompts: cli-flags.js reads the arguments, run.js launches a fresh
// Chrome with chrome-launcher, runs Lighthouse, writes the report to --output-path and kills
// that Chrome. So it is the run `lighthouse ...` makes, without Node's start and
// Lighthouse's loading of its modules, which cost 4-8 s of every 15 s performance run on
// this 2-core host (measured, November 2026): half the time of make audit-ci's timing part.
//
// Answers "done" on a line of stdout once the report is written. A run that fails ends the
// process with its message on stderr, as it ends the command (run.js exits).
import readline from "node:readline";

import log from "lighthouse-logger";
import {getFlags} from "lighthouse/cli/cli-flags.js";
import {runLighthouse} from "lighthouse/cli/run.js";

for await (const line of readline.createInterface({input: process.stdin})) {
  const flags = getFlags(JSON.parse(line));
  // As bin.js: a preset is one of Lighthouse's own configs; --quiet silences the log.
  const config = flags.preset ? (await import(`lighthouse/core/config/${flags.preset}-config.js`)).default : undefined;
  flags.logLevel = flags.verbose ? "verbose" : flags.quiet ? "silent" : "info";
  log.setLevel(flags.logLevel);
  flags.enableErrorReporting = false;  // bin.js asks; a pipe is not a terminal, so its answer is no
  await runLighthouse(flags._[0], flags, config);
  process.stdout.write("done\n");
}
