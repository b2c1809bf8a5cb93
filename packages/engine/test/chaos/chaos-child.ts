/**
 * A chaos run's engine in its own process, so that the run can `kill -9` it at any point. Argument: JSON with the
 * emulators' URLs, the store file and the webhook port. Prints "ready" once started; runs until killed.
 */
import { openStore } from '@tandem/store';
import { chaosEngine, tandemTrackers, webhookReceiver } from './chaos-engine-config.ts';
import { watchSendsToFile } from './chaos-send-log.ts';

const { blueUrl, greenUrl, storeFile, port, sendLog } = JSON.parse(process.argv[2] ?? '{}') as {
  blueUrl: string;
  greenUrl: string;
  storeFile: string;
  port: number;
  /** Where the trackers' send logs go, line by line (the Retry-After check reads them). */
  sendLog: string;
};
const store = await openStore(storeFile);
const trackers = tandemTrackers({ blueUrl, greenUrl });
watchSendsToFile(trackers, sendLog);
// A killed process leaves its leases behind: short leases let the next process take the work over quickly.
const engine = chaosEngine(store, trackers, 6000);
await webhookReceiver(port, () => engine);
await engine.start({ registerWebhooksAt: `http://127.0.0.1:${port}` });
process.stdout.write('ready\n');
