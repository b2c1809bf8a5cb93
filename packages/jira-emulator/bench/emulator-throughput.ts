/**
 * `npm run bench:emulator`: how many simple requests a second the emulator serves on this machine, so that it is
 * never the bottleneck of a sync benchmark. The emulator runs in its own process (as `npx jira-emulator` would);
 * autocannon drives it over keep-alive HTTP from this process. Each case runs several rounds; the median is reported.
 * Results go to bench/results/emulator-throughput.md with the command, the machine and the commit.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 16);

type Flavor = 'cloud' | 'datacenter';

async function startEmulatorProcess(flavor: Flavor): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'packages/jira-emulator/bin/jira-emulator.js'), '--flavor', flavor, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${String(code)} before it was ready`)));
  });
  return { url, child };
}

function authHeader(flavor: Flavor): string {
  return flavor === 'cloud'
    ? `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`
    : 'Bearer emulator-token';
}

async function setUp(url: string, flavor: Flavor): Promise<string> {
  const headers = { authorization: authHeader(flavor), 'content-type': 'application/json' };
  const project = await fetch(`${url}/rest/api/2/project`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      key: 'BENCH',
      name: 'Bench',
      projectTypeKey: 'software',
      ...(flavor === 'cloud' ? {} : { lead: 'admin' }),
    }),
  });
  if (project.status !== 201) throw new Error(`project create: ${project.status} ${await project.text()}`);
  const issue = await fetch(`${url}/rest/api/2/issue`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      fields: {
        project: { key: 'BENCH' },
        issuetype: { name: 'Task' },
        summary: 'Benchmark issue',
        description: 'Some *rich* text with a [link|https://example.com].',
        labels: ['bench'],
      },
    }),
  });
  const body = (await issue.json()) as { key: string };
  return body.key;
}

interface Round {
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
  errors: number;
}

async function measure(
  url: string,
  flavor: Flavor,
  method: 'GET' | 'PUT',
  key: string,
  apiVersion: 2 | 3,
): Promise<Round> {
  let counter = 0;
  const result = await autocannon({
    url: `${url}/rest/api/${apiVersion}/issue/${key}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: authHeader(flavor), 'content-type': 'application/json' },
    requests: [
      method === 'GET'
        ? { method: 'GET' }
        : {
            method: 'PUT',
            // A new summary each time, so every PUT is a real change (changelog entry, event), not a no-op.
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ fields: { summary: `Benchmark edit ${counter++}` } }),
            }),
          },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const rows: string[] = [];
const json: Record<string, unknown> = {};
for (const flavor of ['cloud', 'datacenter'] as const) {
  const { url, child } = await startEmulatorProcess(flavor);
  try {
    const key = await setUp(url, flavor);
    // Cloud is read through REST v3 (ADF) by Tandem and v2 (wiki markup, converted) by older clients: both measured.
    const cases: { method: 'GET' | 'PUT'; apiVersion: 2 | 3 }[] =
      flavor === 'cloud'
        ? [
            { method: 'GET', apiVersion: 3 },
            { method: 'GET', apiVersion: 2 },
            { method: 'PUT', apiVersion: 2 },
          ]
        : [
            { method: 'GET', apiVersion: 2 },
            { method: 'PUT', apiVersion: 2 },
          ];
    for (const { method, apiVersion } of cases) {
      const rounds: Round[] = [];
      for (let round = 0; round < ROUNDS; round++) rounds.push(await measure(url, flavor, method, key, apiVersion));
      const failures = rounds.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
      const summary = {
        medianRequestsPerSecond: Math.round(median(rounds.map((r) => r.requestsPerSecond))),
        medianP50ms: median(rounds.map((r) => r.p50ms)),
        medianP99ms: median(rounds.map((r) => r.p99ms)),
        failures,
        rounds,
      };
      const label = `${method} /rest/api/${apiVersion}/issue/{key}`;
      json[`${flavor} ${label}`] = summary;
      rows.push(
        `| ${flavor} | ${label} | ${summary.medianRequestsPerSecond} | ${summary.medianP50ms} | ${summary.medianP99ms} | ${failures} |`,
      );
      console.log(rows[rows.length - 1]);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = `# Emulator throughput

Command: \`npm run bench:emulator\` (env: BENCH_DURATION_S=${DURATION_S}, BENCH_ROUNDS=${ROUNDS}, BENCH_CONNECTIONS=${CONNECTIONS})
Commit: ${commit} · Date: ${new Date().toISOString()} · Machine: ${machine}

The emulator runs in its own process with state in memory; the load generator (autocannon) runs in another process on
the same machine, so both share its cores. Each case runs ${ROUNDS} rounds of ${DURATION_S} s with ${CONNECTIONS} keep-alive connections; figures are medians
over the rounds. PUT changes the summary on every request (a real edit: changelog entry and event).

| flavour | request | requests/s | p50 ms | p99 ms | non-2xx + errors |
|---|---|---|---|---|---|
${rows.join('\n')}
`;
writeFileSync(join(repoRoot, 'bench/results/emulator-throughput.md'), report);
writeFileSync(
  join(repoRoot, 'bench/results/emulator-throughput.json'),
  JSON.stringify(
    { commit, machine, durationS: DURATION_S, rounds: ROUNDS, connections: CONNECTIONS, results: json },
    null,
    2,
  ) + '\n',
);
console.log(report);
