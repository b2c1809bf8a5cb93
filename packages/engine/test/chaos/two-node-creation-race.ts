/**
 * A focused replay of the lost update that two-node chaos runs find now and then, depending on timing (failure 1 in
 * bench/results/chaos-two-node.md): two nodes in this process, no fault. A person creates an issue on green, attaches
 * a file (so that node 1 takes a while to answer the create: it fetches the bytes back from node 2) and edits the
 * summary `delay` ms later. Node 1, which creates the copy, sends the copy back at once on its own webhook while node 2
 * still waits for the create's answer and has no merge base yet; node 2 then writes the copy's older summary over the
 * person's edit. Tries delays from 0 to 300 ms; exits 1 at the first lost edit, 0 if none was lost.
 *
 *   node --import tsx packages/engine/test/chaos/two-node-creation-race.ts
 */
import { TwoNodeHost } from './chaos-two-node-world.ts';
import { ChaosEmulators, queueDepth } from './chaos-world.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const emulators = await ChaosEmulators.start();
let lost = false;
try {
  for (let delay = 0; delay <= 300 && !lost; delay += 10) {
    await emulators.reset();
    const host = await TwoNodeHost.start('in-process', emulators);
    try {
      const created = await emulators.asAlice('green', 'POST', '/rest/api/2/issue', {
        fields: { project: { key: 'GREEN' }, issuetype: { name: 'Task' }, summary: 'as created' },
      });
      const key = String(created.body.key);
      await emulators.uploadAsAlice('green', key, 'report.txt', Buffer.from('x'.repeat(200_000)));
      await sleep(delay);
      await emulators.asAlice('green', 'PUT', `/rest/api/2/issue/${key}`, { fields: { summary: 'edited' } });
      const summaryOf = async (side: 'blue' | 'green', issueKey: string) =>
        String(
          (await emulators.asAlice(side, 'GET', `/rest/api/2/issue/${issueKey}?fields=summary`)).body.fields.summary,
        );
      let green = '';
      let blue = '';
      for (const started = Date.now(); Date.now() - started < 10_000;) {
        await sleep(200);
        const copy = emulators.jira.blue.context.state.data.issues.find((issue) => issue.key.startsWith('BLUE-'));
        green = await summaryOf('green', key);
        blue = copy ? await summaryOf('blue', copy.key) : '';
        if (green === blue && (await queueDepth(host)) === 0) break;
      }
      const writes = emulators.log.green.filter(
        (entry) => entry.user === 'admin' && entry.method === 'PUT' && /\/issue\/[^/]+$/.test(entry.url),
      ).length;
      lost = green !== 'edited';
      console.log(
        `edit ${delay} ms after the attachment: green "${green}", blue "${blue}", Tandem's field writes on green: ${writes}` +
          (lost ? ' <- the edit was lost' : ''),
      );
    } finally {
      await host.close();
    }
  }
} finally {
  await emulators.close();
}
process.exit(lost ? 1 : 0);
