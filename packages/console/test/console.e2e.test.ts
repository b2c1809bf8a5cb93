/* Tests read Jira's and the API's JSON answers loosely. */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The console in a real browser (Debian's Chromium through playwright-core, headless) against two running nodes
 * and two Jira emulators — the journey of issue 6: log in; create a connection through the invitation flow; edit a
 * mapping and see the dry run change; bulk sync with a progress bar that finishes; find a twin and read its timeline
 * with diffs; make an error (an unmapped value, policy error), see it listed, fix the mapping, retry, see it clear;
 * unauthenticated API calls get 401. Every page is saved as a screenshot in packages/console/test-output/.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildConsole, consoleBuilt } from '../src/index.ts';
import { ADMIN, jira, startConsoleNodes, type ConsoleNodes } from './support/console-nodes.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const WAIT = { timeout: 30_000 };
const VIEWPORT = { width: 1400, height: 900 };

void describe('the web console, driven in Chromium', () => {
  let nodes: ConsoleNodes;
  let browser: Browser;
  let mainContext: BrowserContext;
  let partnerContext: BrowserContext;
  let page: Page;
  let partnerPage: Page;

  /** Saves the page as it looks, the window fitted to the page's content (no empty space under it). */
  async function shot(name: string, target: Page = page): Promise<void> {
    const bottom = Number(
      await target.evaluate(
        'Math.ceil((document.querySelector("main > section") ?? document.body).getBoundingClientRect().bottom + window.scrollY)',
      ),
    );
    await target.setViewportSize({ width: VIEWPORT.width, height: Math.min(2400, Math.max(560, bottom + 32)) });
    await target.screenshot({ path: `${OUTPUT}${name}.png`, fullPage: true });
    await target.setViewportSize(VIEWPORT);
  }

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    // The build is what the node serves; a checkout whose install skipped `prepare` builds it here once.
    if (!consoleBuilt()) await buildConsole();
    mkdirSync(OUTPUT, { recursive: true });
    nodes = await startConsoleNodes();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    // One context per node: each keeps its own session cookie (cookies ignore the port).
    mainContext = await browser.newContext({ viewport: VIEWPORT });
    await mainContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: nodes.main.url });
    partnerContext = await browser.newContext({ viewport: VIEWPORT });
    page = await mainContext.newPage();
    partnerPage = await partnerContext.newPage();
  });

  after(async () => {
    await browser?.close();
    await nodes?.close();
  });

  /** Follows a link of the main navigation. */
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  async function logIn(target: Page, url: string): Promise<void> {
    await target.goto(url);
    await target.getByLabel('E-mail').fill(ADMIN.email);
    await target.getByLabel('Password').fill(ADMIN.password);
    await target.getByRole('button', { name: 'Log in' }).click();
    await target.getByRole('heading', { name: 'Overview' }).waitFor(WAIT);
  }

  async function createConnection(
    target: Page,
    url: string,
    name: string,
    sides: [SideInput, SideInput],
    description: string,
  ): Promise<void> {
    await target.goto(`${url}/connections/new`);
    await target.getByLabel('Name').fill(name);
    await target.getByLabel('Description').fill(description);
    for (const [index, side] of sides.entries()) {
      const fieldset = target.locator(`fieldset[data-side="${index === 0 ? 'a' : 'b'}"]`);
      await fieldset.getByLabel('Instance').fill(side.instance);
      if ('remote' in side) {
        await fieldset.getByLabel('Served by a peer node').check();
        continue;
      }
      await fieldset.getByLabel('Project').fill(side.project);
      if (side.trigger) await fieldset.getByLabel('Trigger (JQL)').fill(side.trigger);
    }
    await target.getByRole('button', { name: 'Create connection' }).click();
    await target.getByRole('heading', { name }).waitFor(WAIT);
  }

  void it('refuses a wrong password, then logs in', async () => {
    await page.goto(nodes.main.url);
    await page.getByRole('button', { name: 'Log in' }).waitFor(WAIT);
    await shot('01-login');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor(WAIT);
    await logIn(page, nodes.main.url);
    await page.getByText('No connection yet').waitFor(WAIT);
  });

  void it('creates a connection through the invitation flow: copy the code on one node, paste it on the other', async () => {
    await createConnection(
      page,
      nodes.main.url,
      'blue_partner',
      [
        { instance: 'blue', project: 'BLUE' },
        { instance: 'partner', remote: true },
      ],
      "Shared with the partner's own node",
    );
    await logIn(partnerPage, nodes.partner.url);
    await createConnection(
      partnerPage,
      nodes.partner.url,
      'blue_partner',
      [
        { instance: 'blue', remote: true },
        { instance: 'partner', project: 'GREEN' },
      ],
      'Shared with the main node',
    );

    await page.getByRole('button', { name: 'Create invitation code' }).click();
    const code = await page.getByLabel('Invitation code', { exact: true }).inputValue();
    assert.ok(code.length > 40, 'an invitation code is shown');
    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor(WAIT);
    // Read in the page: the test's own process has no DOM types or clipboard.
    const copied = await page.evaluate('navigator.clipboard.readText()');
    assert.equal(copied, code);
    await shot('03-invitation');

    await partnerPage.getByLabel('Paste invitation code').fill(copied);
    await partnerPage.getByRole('button', { name: 'Accept' }).click();
    await partnerPage.getByText(`Paired with the node at ${nodes.main.url}`).waitFor(WAIT);
    await partnerPage.locator('h1 [data-status="active"]').waitFor(WAIT);
    await shot('04-invitation-accepted', partnerPage);
    // The initiating node sees the pairing too (its page refreshes on its own).
    await page.locator('h1 [data-status="active"]').waitFor(WAIT);
    await page.getByText('Paired with the peer node').waitFor(WAIT);
  });

  void it('edits a Visual mapping and sees the dry run change with every edit', async () => {
    await createConnection(
      page,
      nodes.main.url,
      'blue_green',
      [
        { instance: 'blue', project: 'BLUE' },
        { instance: 'green', project: 'GREEN' },
      ],
      'Support escalations to engineering',
    );
    await page.getByRole('tab', { name: 'Rules' }).click();
    await page.getByLabel('Rules mode').selectOption('visual');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved to the config file and applied.').waitFor(WAIT);

    const dryRun = page.getByRole('complementary', { name: 'Dry run' });
    await dryRun.getByLabel('Issue key for the dry run').fill('BLUE-1');
    await dryRun.getByRole('button', { name: 'Try' }).click();
    const replica = dryRun.getByRole('table', { name: 'Replica' });
    await replica.locator('tr[data-field="summary"]').waitFor(WAIT);
    assert.equal(await replica.locator('tr[data-field="priority"]').count(), 0, 'no priority before it is mapped');
    await dryRun.getByText('Would create an issue on green').waitFor(WAIT);

    // A priority mapping whose value map knows Medium only: BLUE-1 is High, a problem with policy error.
    await page.getByRole('button', { name: 'Add field mapping' }).click();
    await page.getByLabel('blue field of mapping 3').fill('priority');
    await page.getByLabel('green field of mapping 3').fill('priority');
    const mapping = page.locator('tbody.mapping[data-mapping="priority"]');
    await mapping.getByLabel('Unmatched policy of priority').selectOption('error');
    await mapping.getByText('Value map (0)').click();
    await mapping.getByRole('button', { name: 'Add value pair' }).click();
    await mapping.getByLabel('blue value 1 of priority').fill('Medium');
    await mapping.getByLabel('green value 1 of priority').fill('Medium');
    await dryRun.getByRole('list', { name: 'Problems' }).getByText(/High/).waitFor(WAIT);
    await replica.locator('tr[data-field="priority"]').waitFor(WAIT);

    // Mapping High too: the problem is gone and the planned change writes High.
    await mapping.getByRole('button', { name: 'Add value pair' }).click();
    await mapping.getByLabel('blue value 2 of priority').fill('High');
    await mapping.getByLabel('green value 2 of priority').fill('High');
    const planned = dryRun.getByRole('table', { name: 'Planned changes' });
    await planned.locator('tr[data-field="priority"] td.after', { hasText: 'High' }).waitFor(WAIT);
    await dryRun.getByRole('list', { name: 'Problems' }).waitFor({ state: 'detached', ...WAIT });
    await shot('05-visual-mapping-dry-run');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved to the config file and applied.').waitFor(WAIT);

    // The Script editor: highlighted TypeScript with the same dry run, tried unsaved and then put back.
    await page.getByLabel('Rules mode').selectOption('script');
    const editor = page.locator('.code-editor .cm-content');
    await editor.waitFor(WAIT);
    assert.ok((await page.locator('.code-editor .cm-line span').count()) > 5, 'the script is highlighted');
    // The starter scripts send summary and description only: the dry run follows the unsaved scripts.
    await replica.locator('tr[data-field="priority"]').waitFor({ state: 'detached', ...WAIT });
    await replica.locator('tr[data-field="summary"]').waitFor(WAIT);
    await shot('06-script-editor');
    // A script that does not compile is refused with its line, marked in the editor; nothing is saved.
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nconst broken = ;');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByRole('alert').filter({ hasText: 'outgoing' }).waitFor(WAIT);
    await page.locator('.code-editor .cm-error-line').waitFor(WAIT);
    assert.equal(await page.locator('.code-editor .cm-error-line').textContent(), 'const broken = ;');
    await page.getByRole('button', { name: 'Revert' }).click();
    await page.locator('tbody.mapping[data-mapping="priority"]').waitFor(WAIT);
  });

  void it('adds triggers, starts a bulk sync and watches the progress bar finish', async () => {
    await page.getByRole('tab', { name: 'Triggers' }).click();
    for (const [instance, jql] of [
      ['blue', 'project = BLUE'],
      ['green', 'project = GREEN'],
    ] as const) {
      const card = page.getByRole('article', { name: `Triggers of ${instance}` });
      await card.getByRole('button', { name: 'Add trigger' }).click();
      await card.getByLabel(`JQL of trigger 1 of ${instance}`).fill(jql);
    }
    await page.getByRole('button', { name: 'Save triggers' }).click();
    await page.getByText('Saved to the config file and applied.').waitFor(WAIT);
    await shot('07-triggers');

    await page.getByRole('tab', { name: 'Bulk sync' }).click();
    await page.getByRole('button', { name: 'Start bulk sync' }).click();
    const bar = page.getByRole('progressbar', { name: 'Bulk sync progress' });
    await bar.waitFor(WAIT);
    const seen: number[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      seen.push(Number(await bar.getAttribute('aria-valuenow')));
      if ((await page.locator('[data-testid="bulk-run"][data-state="done"]').count()) > 0) break;
      await page.waitForTimeout(50);
    }
    await page.locator('[data-testid="bulk-run"][data-state="done"]').waitFor(WAIT);
    assert.equal(await bar.getAttribute('aria-valuenow'), '100');
    assert.deepEqual(
      seen,
      [...seen].sort((x, y) => x - y),
      'the bar only moves forward',
    );
    const count = async (what: string) =>
      Number((await page.locator(`[data-count="${what}"]`).textContent())?.split(' ')[0]);
    assert.ok((await count('found')) >= 8, 'the demo issues of both projects are found');
    assert.equal(await count('synced'), await count('found'));
    assert.equal(await count('failed'), 0);
    await shot('08-bulk-sync-done');
  });

  void it('sets the sync method of one direction, pauses and resumes the connection', async () => {
    await page.getByRole('tab', { name: 'Sides' }).click();
    const method = page.getByLabel('Sync method of green');
    const syncMethods = async () => {
      const connection = (await (await page.request.get(`${nodes.main.url}/api/connections/blue_green`)).json()) as any;
      return (connection.sides as any[]).map((side) => side.sync as string).join(' ');
    };
    await method.selectOption('manual');
    await eventually(async () => assert.equal(await syncMethods(), 'auto manual'));
    assert.equal(await method.inputValue(), 'manual');
    await shot('07b-sides');
    await method.selectOption('auto');
    await eventually(async () => assert.equal(await syncMethods(), 'auto auto'));
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('h1 [data-status="paused"]').waitFor(WAIT);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('h1 [data-status="active"]').waitFor(WAIT);
  });

  void it('shows the connections on the overview', async () => {
    await nav('Overview');
    const row = page.locator('tr[data-connection="blue_green"]');
    await row.waitFor(WAIT);
    await row.locator('[data-status="active"]').waitFor(WAIT);
    assert.ok(Number(await row.locator('[data-cell="twins"]').textContent()) >= 8);
    await row.locator('svg.sparkline').waitFor(WAIT);
    await page.locator('tr[data-connection="blue_partner"] [data-status="active"]').waitFor(WAIT);
    await shot('02-overview');
  });

  void it('finds a twin by key and reads its timeline with the field-level diffs', async () => {
    // An edit on blue, synced now from the twin page: the timeline shows its before and after.
    const edited = await jira(nodes.blue, 'blue', 'PUT', '/rest/api/2/issue/BLUE-1', {
      fields: { summary: 'Customers cannot log in with SSO (Okta only)' },
    });
    assert.equal(edited.status, 204);
    await nav('Twins');
    await page.getByLabel('Issue key', { exact: true }).fill('blue-1');
    await page.getByRole('button', { name: 'Find twin' }).click();
    const sideA = page.getByRole('article', { name: 'Side a: blue' });
    await sideA.getByRole('link', { name: 'BLUE-1' }).waitFor(WAIT);
    const greenKey =
      (await page.getByRole('article', { name: 'Side b: green' }).getByRole('heading').textContent()) ?? '';
    assert.match(greenKey, /^GREEN-\d+$/);
    assert.equal(
      await sideA.getByRole('link', { name: 'BLUE-1' }).getAttribute('href'),
      `${nodes.blue.url}/browse/BLUE-1`,
    );

    await page.getByRole('button', { name: 'Sync now' }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    const applied = timeline
      .locator('li[data-kind="applied"]')
      .filter({ has: page.locator('tr[data-field="summary"]') });
    await applied.locator('tr[data-field="summary"] td.after', { hasText: 'Okta only' }).waitFor(WAIT);
    assert.equal(
      await applied.locator('tr[data-field="summary"] td.before').textContent(),
      'Customers cannot log in with SSO',
    );
    await timeline.locator('li[data-kind="created"]').waitFor(WAIT);
    await timeline.locator('li[data-kind="detected"]').first().waitFor(WAIT);
    await page.locator('.twin-middle [data-status="synced"]').waitFor(WAIT);
    const green = (await jira(nodes.green, 'green', 'GET', `/rest/api/2/issue/${greenKey}?fields=summary`)).body as any;
    assert.equal(green.fields.summary, 'Customers cannot log in with SSO (Okta only)');
    await shot('09-twin');
  });

  void it('lists an unmapped value with policy error, then clears it after the mapping is fixed and the twin retried', async () => {
    // BLUE-2 goes to Highest, which the priority mapping does not know.
    const edited = await jira(nodes.blue, 'blue', 'PUT', '/rest/api/2/issue/BLUE-2', {
      fields: { priority: { name: 'Highest' } },
    });
    assert.equal(edited.status, 204);
    await page.getByLabel('Issue key', { exact: true }).fill('BLUE-2');
    await page.getByRole('button', { name: 'Find twin' }).click();
    await page.getByRole('article', { name: 'Side a: blue' }).getByRole('link', { name: 'BLUE-2' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.locator('.twin-middle [data-status="error"]').waitFor(WAIT);

    await nav('Errors');
    const group = page.locator('article.error-group', { hasText: 'Highest' });
    await group.waitFor(WAIT);
    await group.getByText('1 twin blocked').waitFor(WAIT);
    const row = group.locator('tr', { hasText: 'BLUE-2' });
    await row.waitFor(WAIT);
    assert.match((await group.locator('.error-message').textContent()) ?? '', /priority/i);
    await shot('10-errors');

    // Fix: map Highest as well, save, retry from the errors page.
    await page.goto(`${nodes.main.url}/connections/blue_green?tab=rules`);
    const mapping = page.locator('tbody.mapping[data-mapping="priority"]');
    await mapping.getByRole('button', { name: 'Add value pair' }).click();
    await mapping.getByLabel('blue value 3 of priority').fill('Highest');
    await mapping.getByLabel('green value 3 of priority').fill('Highest');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Saved to the config file and applied.').waitFor(WAIT);

    await nav('Errors');
    await page
      .locator('article.error-group', { hasText: 'Highest' })
      .locator('tr', { hasText: 'BLUE-2' })
      .getByRole('button', { name: 'Retry' })
      .click();
    await page.getByTestId('no-errors').waitFor(WAIT);
    await shot('11-errors-cleared');
    const twinKey = await greenTwinOf('BLUE-2');
    const green = (await jira(nodes.green, 'green', 'GET', `/rest/api/2/issue/${twinKey}?fields=priority`)).body as any;
    assert.equal(green.fields.priority.name, 'Highest');
  });

  void it('connects two existing issues as twins from the twins page', async () => {
    const create = async (which: 'blue' | 'green', project: string) => {
      const answer = await jira(nodes[which], which, 'POST', '/rest/api/2/issue', {
        fields: { project: { key: project }, summary: 'Partner contract renewal', issuetype: { name: 'Task' } },
      });
      assert.equal(answer.status, 201);
      return (answer.body as any).key as string;
    };
    const [blueKey, greenKey] = [await create('blue', 'BLUE'), await create('green', 'GREEN')];
    await nav('Twins');
    await page.getByLabel('First issue key').fill(greenKey);
    await page.getByLabel('Second issue key').fill(blueKey);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('article', { name: 'Side a: blue' }).getByRole('link', { name: blueKey }).waitFor(WAIT);
    await page.getByRole('article', { name: 'Side b: green' }).getByRole('link', { name: greenKey }).waitFor(WAIT);
    await page
      .getByRole('list', { name: 'Timeline' })
      .getByText(`connected ${blueKey} and ${greenKey} as twins`)
      .waitFor(WAIT);
  });

  void it('draws the statistics', async () => {
    await nav('Statistics');
    await page.locator('figure.chart canvas').first().waitFor(WAIT);
    assert.ok((await page.locator('figure.chart canvas').count()) >= 4, 'syncs, latency, API calls, queue');
    await page.waitForTimeout(300);
    await shot('12-statistics');
  });

  void it('creates an API token that scripts can use, and revokes it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('nightly report');
    await page.getByRole('button', { name: 'Create token' }).click();
    const value = await page.getByLabel('New token value').inputValue();
    assert.ok(value.length > 20);
    const row = page.locator('tr[data-token="nightly report"]');
    await row.waitFor(WAIT);
    const masked = (await row.locator('code').textContent()) ?? '';
    assert.ok(masked.startsWith('••••') && value.endsWith(masked.slice(4)), 'only the last characters are shown');
    await shot('13-api-tokens');
    const withToken = () =>
      fetch(`${nodes.main.url}/api/connections`, { headers: { authorization: `Bearer ${value}` } });
    assert.equal((await withToken()).status, 200);
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached', ...WAIT });
    assert.equal((await withToken()).status, 401);
  });

  void it('answers 401 to API calls without a session or a token, and logs out', async () => {
    for (const [method, path] of [
      ['GET', '/api/connections'],
      ['GET', '/api/twins?key=BLUE-1'],
      ['GET', '/api/errors'],
      ['POST', '/api/connections/blue_green/bulk'],
      ['PUT', '/api/connections/blue_green/rules'],
      ['GET', '/api/statistics'],
    ] as const) {
      const response = await fetch(`${nodes.main.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      assert.equal(response.status, 401, `${method} ${path}`);
      assert.equal(typeof ((await response.json()) as any).error.message, 'string');
    }
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor(WAIT);
    const afterLogout = await page.evaluate(async () => (await fetch('/api/connections')).status);
    assert.equal(afterLogout, 401);
  });

  async function greenTwinOf(key: string): Promise<string> {
    const twins = await page.request.get(`${nodes.main.url}/api/twins?key=${key}`);
    const body = (await twins.json()) as any;
    return body.items[0].b.issueKey as string;
  }
});

/** Runs `check` until it passes (every 100 ms, 10 s at most); the last failure is thrown. */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

type SideInput = { instance: string; project: string; trigger?: string } | { instance: string; remote: true };
