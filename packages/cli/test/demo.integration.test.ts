/**
 * `tandem demo` as `npm start` runs it: two emulators, a node, webhooks — on free ports. The demo's issues get
 * twinned, an edit on blue arrives on green, and SIGTERM stops everything with exit 0.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { eventually, startTandem } from './support/run-tandem.ts';

const ALICE_BLUE = `Basic ${Buffer.from('alice@example.com:emulator-token').toString('base64')}`;

interface ApiConnection {
  twins: number;
  pending: number;
}
interface ApiTwin {
  b: { issueKey: string | null };
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  return { status: response.status, body: (await response.json()) as T };
}

void test('the demo twins its issues, carries an edit from blue to green, and stops on SIGTERM', async () => {
  const demo = startTandem(['demo', '--ports', '0']);
  try {
    const urls = await eventually(
      () => {
        const text = demo.output();
        const find = (label: RegExp) => label.exec(text)?.[1];
        const [blue, green, tandem, email, password] = [
          find(/blue +Jira Cloud +(\S+)/),
          find(/green +Jira Data Center +(\S+)/),
          find(/tandem node API +(\S+)/),
          find(/log in as (\S+) \//),
          find(/log in as \S+ \/ (\S+)/),
        ];
        return blue && green && tandem && email && password ? { blue, green, tandem, email, password } : undefined;
      },
      30_000,
      `the demo's banner (stderr: ${demo.errors()})`,
    );
    // The API answers the console's login printed in the banner.
    assert.equal((await fetch(`${urls.tandem}/api/connections`)).status, 401);
    const login = await fetch(`${urls.tandem}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: urls.email, password: urls.password }),
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // Four demo issues on each side: eight twins, nothing left to do.
    await eventually(
      async () => {
        const { body } = await getJson<{ items: ApiConnection[] }>(`${urls.tandem}/api/connections`, { cookie });
        const connection = body.items[0];
        return connection && connection.twins === 8 && connection.pending === 0 ? connection : undefined;
      },
      30_000,
      'eight twins',
    );
    assert.match(demo.output(), /BLUE-1 → GREEN-\d+ created: summary, description, 2 comments, 2 attachments/);

    const { body: status } = await getJson<{ items: ApiTwin[] }>(`${urls.tandem}/api/twins?key=BLUE-1`, { cookie });
    const greenKey = status.items[0]?.b.issueKey;
    assert.ok(greenKey);
    const edit = await fetch(`${urls.blue}/rest/api/2/issue/BLUE-1`, {
      method: 'PUT',
      headers: { authorization: ALICE_BLUE, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { summary: 'Edited on blue during the demo' } }),
    });
    assert.equal(edit.status, 204);
    await eventually(
      async () => {
        const { body } = await getJson<{ fields: { summary: string } }>(`${urls.green}/rest/api/2/issue/${greenKey}`, {
          authorization: 'Bearer emulator-token',
        });
        return body.fields.summary === 'Edited on blue during the demo' ? true : undefined;
      },
      20_000,
      'the edit on green',
    );
    await eventually(
      () => (/BLUE-1 → GREEN-\d+ updated: summary/.test(demo.output()) ? true : undefined),
      5_000,
      'the live log line',
    );

    demo.child.kill('SIGTERM');
    assert.equal(await demo.exited, 0, demo.errors());
  } finally {
    if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
  }
});

void test('demo --two-nodes pairs two nodes with an invitation code and both log the demo issues syncing', async () => {
  const demo = startTandem(['demo', '--two-nodes', '--ports', '0']);
  try {
    const code = await eventually(
      () => /initiate blue_green --config \S+\n(\S+)\n/.exec(demo.output())?.[1],
      30_000,
      `the invitation code (stderr: ${demo.errors()})`,
    );
    assert.ok(code.length > 100);
    await eventually(
      () => (/connection blue_green paired with node node-\w+ at http/.test(demo.output()) ? true : undefined),
      30_000,
      'the accept line',
    );
    // Node 1 creates blue's demo issues on green, node 2 creates green's on blue: log lines from both nodes.
    await eventually(
      () =>
        /\[node1\] .*BLUE-1 → GREEN-\d+ created/.test(demo.output()) &&
        /\[node2\] .*GREEN-1 → BLUE-\d+ created/.test(demo.output())
          ? true
          : undefined,
      60_000,
      `creates logged by both nodes (stdout: ${demo.output().slice(-2000)})`,
    );
    demo.child.kill('SIGTERM');
    assert.equal(await demo.exited, 0, demo.errors());
  } finally {
    if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
  }
});
