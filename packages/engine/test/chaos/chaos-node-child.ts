/**
 * One node of a two-node chaos run in its own process, so that the run can `kill -9` it at any point. Argument: JSON
 * with the node's config file. Composes the node as `tandem serve` does (store, peering, peer transport), serves its
 * HTTP side, starts the engine, prints "ready" and runs until killed. A start that fails (a Jira fault while it
 * registers its webhook) exits with status 1 and one line on standard error; the run starts it again.
 */
import { watchSendsToFile } from './chaos-send-log.ts';
import { startChaosNode } from './chaos-two-node-world.ts';

/** sendLog: where the trackers' send logs go, line by line (the Retry-After check reads them). */
const { configFile, sendLog } = JSON.parse(process.argv[2] ?? '{}') as { configFile: string; sendLog: string };
// The run holds our standard input open: when it ends (the run died without killing us), so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
try {
  // A killed process leaves its leases behind: short leases let the next process take the work over quickly.
  await startChaosNode(configFile, 6000, (trackers) => watchSendsToFile(trackers, sendLog));
  process.stdout.write('ready\n');
} catch (error) {
  process.stderr.write(`chaos node child: start failed (${error instanceof Error ? error.message : String(error)})\n`);
  process.exit(1);
}
