/**
 * `npm run chaos`: many chaos runs, one fast-check seed each, against one pair of emulators reset between runs.
 *
 *   CHAOS_RUNS=1000          runs (default 1000), seeds CHAOS_FIRST_SEED (default 1) upwards
 *   SEED=42                  replay one seed (and shrink it if it fails)
 *   SEED=42 CHAOS_PATH=0:1:2 replay the shrunk case fast-check printed, without shrinking again
 *   CHAOS_MAX_COMMANDS=25    commands per run
 *   CHAOS_TOPOLOGY=one-node  one-node (default: one engine for both Jiras), two-node (two paired nodes, each serving
 *                            one Jira, with network partitions between them) or mixed (each seed draws one)
 *   CHAOS_RESTORE=1          restarts may also restore the store from an older copy
 *   CHAOS_SHRINK_MS=180000   time allowed to shrink a failure (0: report it unshrunk)
 *   CHAOS_TIME_LIMIT_MS=…    stop starting new runs after this much wall time
 *   CHAOS_RECORD=file.md     write the summary (markdown) there
 *   CHAOS_REPORTS_JSON=f     also write every run's report there; CHAOS_MERGE=a.json,b.json prints one summary of
 *                            several such files (a seed counted once) without running anything
 *   CHAOS_SHARDS=2           run the seeds in this many child processes at once (seed i goes to shard i mod n), each
 *                            with its own emulators; the parent prints one merged summary. Runs spend much of their
 *                            time waiting (poll, quiet window), so two shards on two cores nearly double the rate.
 *   CHAOS_DUMP=folder        a failed run writes what it saw there (seed-N.json: model, Jira state, Tandem's
 *                            requests, every store's records)
 *
 * A replay repeats the same command sequence (with the same CHAOS_TOPOLOGY); the engine's own timing (real HTTP, real
 * concurrency) may differ. One-node seeds draw the same sequences as before two-node runs existed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { chaosProperty, type ChaosRunReport, type TopologyChoice } from './chaos-run.ts';
import { ChaosEmulators } from './chaos-world.ts';

const env = process.env;
const single = env['SEED'] === undefined ? undefined : Number(env['SEED']);
const runs = single === undefined ? Number(env['CHAOS_RUNS'] ?? 1000) : 1;
const firstSeed = single ?? Number(env['CHAOS_FIRST_SEED'] ?? 1);
const maxCommands = Number(env['CHAOS_MAX_COMMANDS'] ?? 25);
const restore = env['CHAOS_RESTORE'] === '1';
const shrinkMs = Number(env['CHAOS_SHRINK_MS'] ?? 180_000);
const timeLimit = env['CHAOS_TIME_LIMIT_MS'] === undefined ? Infinity : Number(env['CHAOS_TIME_LIMIT_MS']);
const path = env['CHAOS_PATH'];
const topology = (env['CHAOS_TOPOLOGY'] ?? 'one-node') as TopologyChoice;
if (!['one-node', 'two-node', 'mixed'].includes(topology)) {
  console.error(`CHAOS_TOPOLOGY=${topology}: expected one-node, two-node or mixed`);
  process.exit(2);
}
const replayPrefix = topology === 'one-node' ? '' : `CHAOS_TOPOLOGY=${topology} `;
const shards = single === undefined ? Math.max(1, Number(env['CHAOS_SHARDS'] ?? 1)) : 1;
// Set by the parent in a shard: which seeds are this process's, and where it leaves its reports for the parent.
const shardIndex = env['CHAOS_SHARD_INDEX'] === undefined ? 0 : Number(env['CHAOS_SHARD_INDEX']);
const shardCount = env['CHAOS_SHARD_COUNT'] === undefined ? 1 : Number(env['CHAOS_SHARD_COUNT']);
const shardOutput = env['CHAOS_SHARD_OUTPUT'];

interface Failure {
  seed: number;
  message: string;
}

const reports: ChaosRunReport[] = [];
const failures: Failure[] = [];
const started = Date.now();

const merge = env['CHAOS_MERGE'];
if (merge !== undefined) {
  mergeRecordings(merge.split(','));
} else if (shards > 1) {
  await runShards(shards);
} else {
  await runSeeds();
}
if (env['CHAOS_REPORTS_JSON']) writeFileSync(env['CHAOS_REPORTS_JSON'], JSON.stringify({ reports, failures }));

/**
 * CHAOS_MERGE=a.json,b.json: one summary of several recordings' reports (CHAOS_REPORTS_JSON) of the same commit, e.g.
 * a long run and a second one that ran further seeds beside it. A seed in several files counts once (the first).
 */
function mergeRecordings(files: string[]): void {
  const seen = new Set<number>();
  for (const file of files) {
    const gathered = JSON.parse(readFileSync(file, 'utf8')) as { reports: ChaosRunReport[]; failures: Failure[] };
    const fresh = new Set<number>();
    for (const report of gathered.reports) {
      if (seen.has(report.seed)) continue;
      fresh.add(report.seed);
      reports.push(report);
    }
    failures.push(...gathered.failures.filter((failure) => fresh.has(failure.seed)));
    for (const seed of fresh) seen.add(seed);
  }
  reports.sort((a, b) => a.seed - b.seed);
  failures.sort((a, b) => a.seed - b.seed);
}

function line(report: ChaosRunReport): string {
  const fired = Object.entries(report.fired)
    .map(([name, count]) => `${name}×${count}`)
    .join(', ');
  return (
    `seed ${report.seed} ${report.topology} ${report.mode} ${report.commands} commands, ` +
    `${report.convergedInMs === null ? 'NOT converged' : `converged in ${report.convergedInMs} ms`}, ` +
    `${report.violations.length === 0 ? 'ok' : `${report.violations.length} violations`}; fired: ${fired || 'none'}` +
    (report.unfired.length > 0 ? `; configured but never fired: ${report.unfired.join(', ')}` : '')
  );
}

async function runSeeds(): Promise<void> {
  const emulators = await ChaosEmulators.start();
  try {
    await runSeedsOn(emulators);
  } finally {
    await emulators.close();
  }
  if (shardOutput !== undefined) {
    writeFileSync(shardOutput, JSON.stringify({ reports, failures }));
    process.exit(0);
  }
}

/** Starts `count` copies of this script on interleaved seeds, echoes their output, and gathers their reports. */
async function runShards(count: number): Promise<void> {
  const children = Array.from({ length: count }, (_, index) => {
    const output = join(tmpdir(), `tandem-chaos-shard-${process.pid}-${index}.json`);
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? ''], {
      env: {
        ...env,
        CHAOS_SHARDS: '1',
        CHAOS_SHARD_INDEX: String(index),
        CHAOS_SHARD_COUNT: String(count),
        CHAOS_SHARD_OUTPUT: output,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout }).on('line', (text) => console.log(`[shard ${index}] ${text}`));
    return new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) {
          reject(new Error(`chaos shard ${index} exited with ${code}`));
          return;
        }
        const gathered = JSON.parse(readFileSync(output, 'utf8')) as { reports: ChaosRunReport[]; failures: Failure[] };
        reports.push(...gathered.reports);
        failures.push(...gathered.failures);
        resolve();
      });
    });
  });
  await Promise.all(children);
  reports.sort((a, b) => a.seed - b.seed);
  failures.sort((a, b) => a.seed - b.seed);
}

async function runSeedsOn(emulators: ChaosEmulators): Promise<void> {
  for (let seed = firstSeed; seed < firstSeed + runs; seed++) {
    if ((seed - firstSeed) % shardCount !== shardIndex) continue;
    if (Date.now() - started > timeLimit) break;
    let last: ChaosRunReport | undefined;
    const property = chaosProperty(emulators, seed, {
      maxCommands,
      restore,
      topology,
      ...(env['CHAOS_DUMP'] ? { dumpDir: env['CHAOS_DUMP'] } : {}),
      onReport: (report) => {
        last = report;
      },
    });
    const result = await fc.check(property, {
      seed,
      numRuns: 1,
      ...(path === undefined ? {} : { path, endOnFailure: true }),
      ...(shrinkMs > 0 ? { interruptAfterTimeLimit: shrinkMs } : { endOnFailure: true }),
    });
    // The first report is the run as generated; shrinking runs report too but the original is what counts.
    const first = reports.length;
    if (last) {
      reports.push(last);
      console.log(line(last));
    }
    if (result.failed) {
      const message = fc.defaultReportMessage(result) ?? 'failed';
      failures.push({ seed, message });
      console.log(
        `\nFAILED seed ${seed} — replay: ${replayPrefix}SEED=${seed} npm run chaos` +
          (result.counterexamplePath
            ? ` (shrunk case: ${replayPrefix}SEED=${seed} CHAOS_PATH=${result.counterexamplePath} npm run chaos)`
            : ''),
      );
      console.log(message);
      if (result.errorInstance) console.log(String((result.errorInstance as Error).message ?? result.errorInstance));
      else if (last && last.violations.length > 0) console.log(`violations:\n  ${last.violations.join('\n  ')}`);
    }
    void first;
  }
}

const totals: Record<string, { fired: number; runs: number; configuredUnfired: number }> = {};
for (const report of reports) {
  for (const [name, count] of Object.entries(report.fired)) {
    const total = (totals[name] ??= { fired: 0, runs: 0, configuredUnfired: 0 });
    total.fired += count;
    total.runs++;
  }
  for (const name of report.unfired) (totals[name] ??= { fired: 0, runs: 0, configuredUnfired: 0 }).configuredUnfired++;
}
const actions: Record<string, number> = {};
for (const report of reports)
  for (const [name, count] of Object.entries(report.actions)) actions[name] = (actions[name] ?? 0) + count;
const converged = reports.filter((report) => report.convergedInMs !== null).map((report) => report.convergedInMs ?? 0);
converged.sort((a, b) => a - b);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
} catch {
  // not a git checkout
}
const summary = [
  `runs: ${reports.length} (${seedRanges(reports.map((report) => report.seed))}), failed: ${failures.length}` +
    (failures.length > 0 ? ` (seeds ${failures.map((failure) => failure.seed).join(', ')})` : ''),
  `topology: ${topology}; ${reports.filter((r) => r.topology === 'one-node').length} one-node, ${reports.filter((r) => r.topology === 'two-node').length} two-node`,
  `modes: ${reports.filter((r) => r.mode === 'in-process').length} in-process stop/start, ${reports.filter((r) => r.mode === 'child').length} child process with kill -9`,
  `wall time: ${minutes} min on ${cpus().length} cores${shards > 1 ? ` in ${shards} shards` : ''} (${cpus()[0]?.model ?? 'unknown CPU'}), commit ${commit}, ` +
    `max ${maxCommands} commands per run, store restore ${restore ? 'on' : 'off'}`,
  `convergence after heal: median ${converged[Math.floor(converged.length / 2)] ?? '-'} ms, max ${converged[converged.length - 1] ?? '-'} ms (bound 45000 ms)`,
  '',
  '| fault | fired (total) | runs where it fired | runs where configured but never fired |',
  '|---|---:|---:|---:|',
  ...Object.entries(totals)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, total]) => `| ${name} | ${total.fired} | ${total.runs} | ${total.configuredUnfired} |`),
  '',
  '| user action | count |',
  '|---|---:|',
  ...Object.entries(actions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `| ${name} | ${count} |`),
].join('\n');
console.log(`\n${summary}`);
if (env['CHAOS_RECORD']) writeFileSync(env['CHAOS_RECORD'], `${summary}\n`);
const neverFired = Object.entries(totals)
  .filter(([, total]) => total.fired === 0)
  .map(([name]) => name);
if (neverFired.length > 0) console.log(`\nconfigured in some run but never fired in any: ${neverFired.join(', ')}`);
process.exit(failures.length > 0 ? 1 : 0);

/** "seeds 1–40, 42" for a sorted list of seeds: shards cut by the time limit can leave holes at the end. */
function seedRanges(seeds: number[]): string {
  const ranges: string[] = [];
  for (let index = 0; index < seeds.length;) {
    let end = index;
    while (end + 1 < seeds.length && (seeds[end + 1] ?? 0) === (seeds[end] ?? 0) + 1) end++;
    ranges.push(end === index ? `${seeds[index]}` : `${seeds[index]}–${seeds[end]}`);
    index = end + 1;
  }
  return ranges.length === 0 ? 'no seeds' : `seeds ${ranges.join(', ')}`;
}
