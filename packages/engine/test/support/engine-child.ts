/**
 * An engine in its own process, for tests that kill it (`kill -9`) in the middle of work. Argument: JSON with the
 * emulators' URLs and the store file. Prints "ready" once started; runs until killed.
 */
import { randomUUID } from 'node:crypto';
import { createTracker } from '@tandem/jira-adapter';
import { openStore } from '@tandem/store';
import { DEFAULT_TIMINGS, SILENT_LOGGER, SyncEngine } from '../../src/index.ts';

const { blueUrl, greenUrl, storeFile } = JSON.parse(process.argv[2] ?? '{}') as {
  blueUrl: string;
  greenUrl: string;
  storeFile: string;
};
const store = await openStore(storeFile);
const engine = new SyncEngine(
  {
    connections: [
      {
        name: 'blue_green',
        mode: 'basic',
        a: { side: 'a', instance: 'blue', project: 'BLUE', trigger: 'project = BLUE', sync: 'auto' },
        b: { side: 'b', instance: 'green', project: 'GREEN', trigger: 'project = GREEN', sync: 'auto' },
      },
    ],
    trackers: new Map([
      [
        'blue',
        createTracker({
          instance: 'blue',
          type: 'jira-cloud',
          url: blueUrl,
          email: 'admin@example.com',
          token: 'emulator-token',
        }),
      ],
      ['green', createTracker({ instance: 'green', type: 'jira-datacenter', url: greenUrl, token: 'emulator-token' })],
    ]),
    store,
    timings: { ...DEFAULT_TIMINGS, pollIntervalMs: 500, leaseMs: 1500, createSettleMs: 1000, maxBackoffMs: 1000 },
    now: () => Date.now(),
    newId: () => randomUUID(),
    logger: SILENT_LOGGER,
  },
  'child-node-secret',
);
await engine.start({ poll: true });
process.stdout.write('ready\n');
