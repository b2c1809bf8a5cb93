/**
 * The commands of a chaos run, as fast-check model-based commands (`fc.commands` + `fc.asyncModelRun`): people's
 * actions on either side, webhook delivery faults, Jira faults, process faults and, in two-node runs, network
 * partitions between the nodes. One-node runs draw from exactly the command lists they drew from before two-node runs
 * existed, so a one-node seed replays the same sequence as it always did. Arguments are generated without
 * knowing the run's state (an issue is named by a number taken modulo the issues that exist), so fast-check can
 * shrink a failing sequence by dropping commands and the rest still means something.
 */
import fc from 'fast-check';
import type { AsyncCommand } from 'fast-check';
import {
  countAction,
  nextToken,
  type BasicFieldName,
  type ChaosModel,
  type CommentKind,
  type ModelIssue,
} from './chaos-model.ts';
import type { PartitionDirection, PartitionKind, TwoNodeHost } from './chaos-two-node-world.ts';
import {
  OTHER,
  PROJECT,
  restartCounter,
  type ChaosEmulators,
  type ChaosHost,
  type NodeName,
  type Side,
  type Topology,
} from './chaos-world.ts';

export interface ChaosReal {
  emulators: ChaosEmulators;
  host: ChaosHost;
  /** The two nodes' network, in two-node runs. */
  network: TwoNodeHost | undefined;
  restoreEnabled: boolean;
}

type Cmd = AsyncCommand<ChaosModel, ChaosReal>;

const ISSUE_TYPES = ['Task', 'Bug', 'Story'] as const;
const TANDEM = 'admin';

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The issue's key and id on `side`: the original, or the copy Tandem made (found by its marker), if any yet. */
export function issueOn(real: ChaosReal, issue: ModelIssue, side: Side): { id: string; key: string } | undefined {
  if (side === issue.origin) return { id: issue.originId, key: issue.originKey };
  const copy = real.emulators.jira[side].context.state.data.issues.find((candidate) => {
    const marker = candidate.properties['tandem.twin'] as { origin?: { issueId?: string } } | undefined;
    return marker?.origin?.issueId === issue.originId;
  });
  return copy ? { id: copy.id, key: copy.key } : undefined;
}

/** Where a person acts on an issue: the side asked for when the issue is there, else its origin. */
function target(real: ChaosReal, issue: ModelIssue, side: Side): { side: Side; id: string; key: string } | undefined {
  for (const candidate of [side, OTHER[side]]) {
    if (issue.deletedOn.includes(candidate)) continue;
    const found = issueOn(real, issue, candidate);
    if (found) return { side: candidate, ...found };
  }
  return undefined;
}

function pick<T>(items: T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

function descriptionOf(token: string): string {
  return `Steps for ${token}: open the *report* page.\n\n* first ${token}\n* second`;
}

class CreateIssue implements Cmd {
  constructor(
    readonly side: Side,
    readonly type: string,
    readonly withDescription: boolean,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const summary = nextToken(model, 'S');
    const description = this.withDescription ? descriptionOf(nextToken(model, 'D')) : '';
    const response = await real.emulators.asAlice(this.side, 'POST', '/rest/api/2/issue', {
      fields: {
        project: { key: PROJECT[this.side] },
        issuetype: { name: this.type },
        summary,
        ...(description ? { description } : {}),
      },
    });
    check(response.status === 201, `create on ${this.side}: ${response.status} ${JSON.stringify(response.body)}`);
    const at = Date.now();
    const write = (value: string) => [{ seq: model.seq, side: this.side, value, at }];
    model.issues.push({
      n: model.issues.length,
      origin: this.side,
      originId: String(response.body.id),
      originKey: String(response.body.key),
      deletedOn: [],
      writes: { summary: write(summary), description: write(description), issueType: write(this.type) },
    });
    countAction(model, 'create issue');
  }
  toString(): string {
    return `create(${this.side}, ${this.type}${this.withDescription ? ', with description' : ''})`;
  }
}

class EditField implements Cmd {
  constructor(
    readonly issue: number,
    readonly side: Side,
    readonly field: BasicFieldName,
    readonly type: string,
  ) {}
  check(model: ChaosModel): boolean {
    return model.issues.length > 0;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const issue = pick(model.issues, this.issue);
    const where = issue && target(real, issue, this.side);
    if (!issue || !where) return;
    const value =
      this.field === 'summary'
        ? nextToken(model, 'S')
        : this.field === 'description'
          ? descriptionOf(nextToken(model, 'D'))
          : this.type;
    const jiraField = { summary: 'summary', description: 'description', issueType: 'issuetype' }[this.field];
    const response = await real.emulators.asAlice(where.side, 'PUT', `/rest/api/2/issue/${where.key}`, {
      fields: { [jiraField]: this.field === 'issueType' ? { name: value } : value },
    });
    check(
      response.status === 204,
      `edit ${this.field} of ${where.key}: ${response.status} ${JSON.stringify(response.body)}`,
    );
    model.seq++;
    issue.writes[this.field].push({ seq: model.seq, side: where.side, value, at: Date.now() });
    model.fieldEdits[where.side]++;
    countAction(model, `edit ${this.field}`);
  }
  toString(): string {
    return `edit(${this.field}, issue#${this.issue}, ${this.side}${this.field === 'issueType' ? `, ${this.type}` : ''})`;
  }
}

class AddComment implements Cmd {
  constructor(
    readonly issue: number,
    readonly side: Side,
    readonly kind: CommentKind,
  ) {}
  check(model: ChaosModel): boolean {
    return model.issues.length > 0;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const issue = pick(model.issues, this.issue);
    const where = issue && target(real, issue, this.side);
    if (!issue || !where) return;
    const token = nextToken(model, 'C');
    const response = await real.emulators.asAlice(where.side, 'POST', `/rest/api/2/issue/${where.key}/comment`, {
      body: `Comment ${token} (${this.kind})`,
      ...(this.kind === 'restricted' ? { visibility: { type: 'group', value: 'jira-software-users' } } : {}),
      ...(this.kind === 'internal' ? { properties: [{ key: 'sd.public.comment', value: { internal: true } }] } : {}),
    });
    check(response.status === 201, `comment on ${where.key}: ${response.status} ${JSON.stringify(response.body)}`);
    model.comments.push({
      n: model.comments.length,
      issue: issue.n,
      side: where.side,
      issueId: where.id,
      id: String(response.body.id),
      kind: this.kind,
      versions: [token],
      deleted: false,
    });
    countAction(model, `add ${this.kind} comment`);
  }
  toString(): string {
    return `comment(${this.kind}, issue#${this.issue}, ${this.side})`;
  }
}

class ChangeComment implements Cmd {
  constructor(
    readonly comment: number,
    readonly action: 'edit' | 'delete',
  ) {}
  check(model: ChaosModel): boolean {
    return model.comments.some((comment) => !comment.deleted);
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const comment = pick(
      model.comments.filter((candidate) => !candidate.deleted),
      this.comment,
    );
    if (!comment) return;
    const issue = model.issues[comment.issue];
    if (!issue || issue.deletedOn.includes(comment.side)) return;
    const path = `/rest/api/2/issue/${comment.issueId}/comment/${comment.id}`;
    if (this.action === 'delete') {
      const response = await real.emulators.asAlice(comment.side, 'DELETE', path);
      check(response.status === 204, `delete comment ${comment.id}: ${response.status}`);
      comment.deleted = true;
      model.commentDeletes[comment.side]++;
    } else {
      const token = nextToken(model, 'C');
      const response = await real.emulators.asAlice(comment.side, 'PUT', path, {
        body: `Comment ${comment.versions[0] ?? ''} edited ${token} (${comment.kind})`,
      });
      check(response.status === 200, `edit comment ${comment.id}: ${response.status} ${JSON.stringify(response.body)}`);
      comment.versions.push(token);
      model.commentEdits[comment.side]++;
    }
    countAction(model, `${this.action} comment`);
  }
  toString(): string {
    return `${this.action}Comment(#${this.comment})`;
  }
}

class AddAttachment implements Cmd {
  constructor(
    readonly issue: number,
    readonly side: Side,
  ) {}
  check(model: ChaosModel): boolean {
    return model.issues.length > 0;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const issue = pick(model.issues, this.issue);
    const where = issue && target(real, issue, this.side);
    if (!issue || !where) return;
    const filename = `${nextToken(model, 'A')}.txt`;
    const response = await real.emulators.uploadAsAlice(
      where.side,
      where.key,
      filename,
      Buffer.from(`contents of ${filename}\n`.repeat(1 + (model.seq % 7))),
    );
    check(response.status === 200, `attach to ${where.key}: ${response.status} ${JSON.stringify(response.body)}`);
    model.attachments.push({
      n: model.attachments.length,
      issue: issue.n,
      side: where.side,
      issueId: where.id,
      id: String(response.body[0].id),
      filename,
      deleted: false,
    });
    countAction(model, 'add attachment');
  }
  toString(): string {
    return `attach(issue#${this.issue}, ${this.side})`;
  }
}

class DeleteAttachment implements Cmd {
  constructor(readonly attachment: number) {}
  check(model: ChaosModel): boolean {
    return model.attachments.some((attachment) => !attachment.deleted);
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const attachment = pick(
      model.attachments.filter((candidate) => !candidate.deleted),
      this.attachment,
    );
    if (!attachment) return;
    const issue = model.issues[attachment.issue];
    if (!issue || issue.deletedOn.includes(attachment.side)) return;
    const response = await real.emulators.asAlice(attachment.side, 'DELETE', `/rest/api/2/attachment/${attachment.id}`);
    check(response.status === 204, `delete attachment ${attachment.id}: ${response.status}`);
    attachment.deleted = true;
    model.attachmentDeletes[attachment.side]++;
    countAction(model, 'delete attachment');
  }
  toString(): string {
    return `deleteAttachment(#${this.attachment})`;
  }
}

class DeleteIssue implements Cmd {
  constructor(
    readonly issue: number,
    readonly side: Side,
  ) {}
  check(model: ChaosModel): boolean {
    return model.issues.length > 0;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const issue = pick(model.issues, this.issue);
    const where = issue && target(real, issue, this.side);
    if (!issue || !where) return;
    const response = await real.emulators.asAlice(where.side, 'DELETE', `/rest/api/2/issue/${where.key}`);
    check(response.status === 204, `delete ${where.key}: ${response.status} ${JSON.stringify(response.body)}`);
    issue.deletedOn.push(where.side);
    countAction(model, 'delete issue');
  }
  toString(): string {
    return `deleteIssue(issue#${this.issue}, ${this.side})`;
  }
}

class Wait implements Cmd {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  async run(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
  }
  toString(): string {
    return `wait(${this.ms} ms)`;
  }
}

type WebhookFaultKind = 'drop' | 'duplicate' | 'reorder' | 'delay';

class WebhookFault implements Cmd {
  constructor(
    readonly side: Side,
    readonly kind: WebhookFaultKind,
    readonly next: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const body =
      this.kind === 'reorder'
        ? { reorder: { batch: this.next + 1, mode: this.next % 2 === 0 ? 'reverse' : 'shuffle' } }
        : this.kind === 'delay'
          ? { delay: { next: this.next, ms: 31 * 60_000 } }
          : { [this.kind]: { next: this.next } };
    await real.emulators.control(this.side, 'PUT', '/_emulator/webhooks/faults', body);
    model.configured.add(`webhook ${this.kind}`);
  }
  toString(): string {
    return `webhook.${this.kind}(${this.side}, ${this.kind === 'reorder' ? 'batch' : 'next'} ${this.kind === 'reorder' ? this.next + 1 : this.next})`;
  }
}

export const RATE_LIMIT_REASONS = [
  'jira-burst-based',
  'jira-per-issue-on-write',
  'jira-quota-tenant-based',
  'jira-quota-global-based',
] as const;

export function rateLimitCounter(reason: string, retryAfter: number | null): string {
  return `429 ${reason} ${retryAfter === null ? 'no Retry-After' : `Retry-After ${retryAfter}s`}`;
}

class JiraFault implements Cmd {
  constructor(
    readonly side: Side,
    readonly fault:
      | { type: 'rateLimit'; reason: (typeof RATE_LIMIT_REASONS)[number]; retryAfter: number | null; count: number }
      | { type: 'error'; status: 500 | 502 | 503 | 504; count: number }
      | { type: 'lostResponse'; what: 'create issue' | 'add comment' }
      | { type: 'conflict'; count: number }
      | { type: 'searchLag'; lagMs: number },
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const { fault, side } = this;
    const control = (body: unknown) => real.emulators.control(side, 'POST', '/_emulator/faults', body);
    switch (fault.type) {
      case 'rateLimit':
        await control({
          type: 'rateLimit',
          reason: fault.reason,
          retryAfterSeconds: fault.retryAfter,
          count: fault.count,
          // Per-issue limits count writes only.
          scope: fault.reason === 'jira-per-issue-on-write' ? { user: TANDEM, method: 'PUT' } : { user: TANDEM },
        });
        model.configured.add(rateLimitCounter(fault.reason, fault.retryAfter));
        break;
      case 'error':
        await control({ type: 'error', status: fault.status, count: fault.count, scope: { user: TANDEM } });
        model.configured.add(`${fault.status} burst`);
        break;
      case 'lostResponse':
        await control({
          type: 'lostResponse',
          count: 1,
          scope: {
            user: TANDEM,
            method: 'POST',
            path: fault.what === 'create issue' ? 'issue' : 'issue/{issueIdOrKey}/comment',
          },
        });
        model.configured.add(`lost response: ${fault.what}`);
        break;
      case 'conflict':
        await control({
          type: 'conflict',
          count: fault.count,
          scope: { user: TANDEM, method: 'PUT', path: 'issue/{issueIdOrKey}' },
        });
        model.configured.add('409 on edit');
        break;
      case 'searchLag':
        await real.emulators.control(side, 'PUT', '/_emulator/search/lag', { lagMs: fault.lagMs });
        model.lagSince[side] ??= Date.now();
        model.configured.add('search-index lag');
        break;
    }
  }
  toString(): string {
    return `jira.${this.fault.type}(${this.side}, ${JSON.stringify(this.fault).replace(/"/g, '')})`;
  }
}

class Restart implements Cmd {
  constructor(
    readonly restore: boolean,
    /** In two-node runs: which node, or both (one-node runs have one engine). */
    readonly which?: NodeName | 'both',
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: ChaosModel, real: ChaosReal): Promise<void> {
    const restore = this.restore && real.restoreEnabled;
    await real.host.restart(restore, this.which);
    model.configured.add(restartCounter(real.host));
    if (restore) model.configured.add('store restored from an older copy');
  }
  toString(): string {
    const store = this.restore ? 'restore older store' : 'same store';
    return this.which === undefined ? `restartEngine(${store})` : `restartNode(${this.which}, ${store})`;
  }
}

class Partition implements Cmd {
  constructor(
    readonly direction: PartitionDirection,
    readonly kind: PartitionKind,
    /** For hold: how long a held connection waits before it is cut. */
    readonly holdMs: number,
    /** Heals by itself after this long; null: until a healPartition command or the end of the run. */
    readonly forMs: number | null,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: ChaosModel, real: ChaosReal): Promise<void> {
    if (!real.network) throw new Error('a partition needs a two-node run');
    model.configured.add(real.network.partition(this.direction, this.kind, this.holdMs, this.forMs));
    return Promise.resolve();
  }
  toString(): string {
    return `partition(${this.kind}${this.kind === 'hold' ? ` ${this.holdMs} ms` : ''}, ${this.direction}, ${this.forMs === null ? 'until healed' : `${this.forMs} ms`})`;
  }
}

class HealPartition implements Cmd {
  check(): boolean {
    return true;
  }
  run(_model: ChaosModel, real: ChaosReal): Promise<void> {
    real.network?.healNetwork();
    return Promise.resolve();
  }
  toString(): string {
    return 'healPartition()';
  }
}

const side = fc.constantFrom<Side>('blue', 'green');
const issueRef = fc.nat({ max: 999 });
const issueType = fc.constantFrom(...ISSUE_TYPES);

export const createCommand = fc
  .tuple(side, issueType, fc.boolean())
  .map(([s, type, description]) => new CreateIssue(s, type, description) as Cmd);

/**
 * Faults only: a run switches a few on before its first action too, so that they meet traffic. Two-node runs restart
 * one node or both, and add partitions.
 */
export function chaosFaultArbitraries(restore: boolean, topology: Topology = 'one-node'): fc.Arbitrary<Cmd>[] {
  const webhook = fc
    .tuple(
      side,
      fc.constantFrom<WebhookFaultKind>('drop', 'duplicate', 'reorder', 'delay'),
      fc.integer({ min: 1, max: 4 }),
    )
    .map(([s, kind, next]) => new WebhookFault(s, kind, next) as Cmd);
  const rateLimit = fc
    .tuple(
      side,
      fc.constantFrom(...RATE_LIMIT_REASONS),
      fc.constantFrom<number | null>(null, 1, 2),
      fc.integer({ min: 1, max: 4 }),
    )
    .map(([s, reason, retryAfter, count]) => new JiraFault(s, { type: 'rateLimit', reason, retryAfter, count }) as Cmd);
  const serverError = fc
    .tuple(side, fc.constantFrom<500 | 502 | 503 | 504>(500, 502, 503, 504), fc.integer({ min: 2, max: 6 }))
    .map(([s, status, count]) => new JiraFault(s, { type: 'error', status, count }) as Cmd);
  const lost = fc
    .tuple(side, fc.constantFrom<'create issue' | 'add comment'>('create issue', 'add comment'))
    .map(([s, what]) => new JiraFault(s, { type: 'lostResponse', what }) as Cmd);
  const conflict = fc
    .tuple(side, fc.integer({ min: 1, max: 3 }))
    .map(([s, count]) => new JiraFault(s, { type: 'conflict', count }) as Cmd);
  const lag = fc
    .tuple(side, fc.integer({ min: 500, max: 3000 }))
    .map(([s, lagMs]) => new JiraFault(s, { type: 'searchLag', lagMs }) as Cmd);
  const restoreChoice = restore ? fc.boolean() : fc.constant(false);
  if (topology === 'one-node') {
    const restart = restoreChoice.map((r) => new Restart(r) as Cmd);
    return [webhook, webhook, rateLimit, rateLimit, serverError, lost, conflict, lag, restart];
  }
  const restartNode = fc
    .tuple(restoreChoice, fc.constantFrom<NodeName | 'both'>('node1', 'node2', 'both'))
    .map(([r, which]) => new Restart(r, which) as Cmd);
  const partition = fc
    .tuple(
      fc.constantFrom<PartitionDirection>('both', 'to-node1', 'to-node2'),
      fc.constantFrom<PartitionKind>('refuse', 'refuse', 'hold'),
      fc.integer({ min: 500, max: 20_000 }),
      fc.option(fc.integer({ min: 300, max: 10_000 }), { nil: null }),
    )
    .map(([direction, kind, holdMs, forMs]) => new Partition(direction, kind, holdMs, forMs) as Cmd);
  return [webhook, webhook, rateLimit, rateLimit, serverError, lost, conflict, lag, restartNode, partition, partition];
}

/** Every command, weighted by repetition (fc.commands picks uniformly among the arbitraries). */
export function chaosCommandArbitraries(restore: boolean, topology: Topology = 'one-node'): fc.Arbitrary<Cmd>[] {
  const field = fc.constantFrom<BasicFieldName>('summary', 'summary', 'description', 'issueType');
  const edit = fc.tuple(issueRef, side, field, issueType).map(([i, s, f, t]) => new EditField(i, s, f, t) as Cmd);
  const comment = fc
    .tuple(issueRef, side, fc.constantFrom<CommentKind>('public', 'public', 'public', 'restricted', 'internal'))
    .map(([i, s, kind]) => new AddComment(i, s, kind) as Cmd);
  const changeComment = fc
    .tuple(issueRef, fc.constantFrom<'edit' | 'delete'>('edit', 'edit', 'delete'))
    .map(([c, action]) => new ChangeComment(c, action) as Cmd);
  const attach = fc.tuple(issueRef, side).map(([i, s]) => new AddAttachment(i, s) as Cmd);
  const detach = issueRef.map((a) => new DeleteAttachment(a) as Cmd);
  const deleteIssue = fc.tuple(issueRef, side).map(([i, s]) => new DeleteIssue(i, s) as Cmd);
  const wait = fc.integer({ min: 50, max: 1500 }).map((ms) => new Wait(ms) as Cmd);
  return [
    createCommand,
    createCommand,
    edit,
    edit,
    edit,
    comment,
    comment,
    comment,
    changeComment,
    changeComment,
    attach,
    detach,
    deleteIssue,
    wait,
    wait,
    ...chaosFaultArbitraries(restore, topology),
    ...(topology === 'two-node' ? [fc.constant(new HealPartition() as Cmd)] : []),
  ];
}
