/**
 * The invariants of a healed chaos run, judged from Jira's side: the emulators' own state (issues, comments,
 * attachments, changelogs, markers) and the log of every request they received. Each returns the violations found,
 * as sentences; none means the invariant holds.
 */
import { normalRichText, type TrackerIssue } from '@tandem/core';
import type { JiraSendEvent } from '@tandem/jira-adapter';

/** The Basic fields of an issue as the chaos checks compare them. */
function basicFieldsOf(issue: TrackerIssue) {
  return { summary: issue.summary, description: normalRichText(issue.description), issueType: issue.issueType.name };
}
import type { TrackerPort } from '@tandem/core';
import type { BasicFieldName, ChaosModel, ModelIssue, PersonWrite } from './chaos-model.ts';
import { OTHER, PROJECT, SIDES, type ChaosEmulators, type LoggedRequest, type Side } from './chaos-world.ts';

interface EmuIssue {
  id: string;
  key: string;
  properties: Record<string, unknown>;
  comments: { id: string; authorId: string; body: unknown }[];
  attachments: { id: string; filename: string; authorId: string }[];
  changelog: { authorId: string; created: number; items: { field: string; toString: string | null }[] }[];
}

function issuesOf(emulators: ChaosEmulators, side: Side): EmuIssue[] {
  return emulators.jira[side].context.state.data.issues.filter((issue) =>
    issue.key.startsWith(`${PROJECT[side]}-`),
  ) as unknown as EmuIssue[];
}

function originOf(issue: EmuIssue): string | undefined {
  const marker = issue.properties['tandem.twin'] as { origin?: { issueId?: string } } | undefined;
  return marker?.origin?.issueId;
}

const TOKEN = /[SDCA]r\d+x\d+/;

function tokenOf(text: string | null | undefined): string {
  return TOKEN.exec(text ?? '')?.[0] ?? '';
}

/** The issue's two sides as they are now: the original and its copies on the other side. */
export interface Pair {
  issue: ModelIssue;
  original: EmuIssue | undefined;
  copies: EmuIssue[];
  /** A person deleted one of the two: Basic mode keeps the other as it is; nothing syncs any more. */
  broken: boolean;
}

export function pairs(model: ChaosModel, emulators: ChaosEmulators): Pair[] {
  return model.issues.map((issue) => ({
    issue,
    original: issuesOf(emulators, issue.origin).find((candidate) => candidate.id === issue.originId),
    copies: issuesOf(emulators, OTHER[issue.origin]).filter((candidate) => originOf(candidate) === issue.originId),
    broken: issue.deletedOn.length > 0,
  }));
}

function onSide(pair: Pair, side: Side): EmuIssue | undefined {
  return side === pair.issue.origin ? pair.original : pair.copies[0];
}

/** 2. No duplicates: one copy per issue, no issue of unknown origin (a copy of a copy). */
export function checkIssues(model: ChaosModel, emulators: ChaosEmulators): string[] {
  const violations: string[] = [];
  const all = pairs(model, emulators);
  for (const pair of all) {
    const name = `issue#${pair.issue.n} (${pair.issue.originKey} on ${pair.issue.origin})`;
    if (pair.copies.length > 1)
      violations.push(`${name} has ${pair.copies.length} copies: ${pair.copies.map((c) => c.key).join(', ')}`);
    if (!pair.broken && pair.copies.length === 0) violations.push(`${name} has no copy on ${OTHER[pair.issue.origin]}`);
    if (!pair.issue.deletedOn.includes(pair.issue.origin) && !pair.original)
      violations.push(`${name} disappeared without a person deleting it`);
  }
  const known = new Set(model.issues.map((issue) => issue.originId));
  for (const side of SIDES) {
    for (const issue of issuesOf(emulators, side)) {
      const origin = originOf(issue);
      if (!known.has(issue.id) && (origin === undefined || !known.has(origin)))
        violations.push(
          `${issue.key} on ${side} is neither a person's issue nor a copy of one (origin ${origin ?? 'none'})`,
        );
    }
  }
  return violations;
}

function lastBySide(writes: PersonWrite[]): Map<Side, PersonWrite> {
  const last = new Map<Side, PersonWrite>();
  for (const write of writes) last.set(write.side, write);
  return last;
}

/** 1. Converged: equal Basic fields on every unbroken pair, and the value is the latest a person wrote on one side. */
export async function checkFields(
  model: ChaosModel,
  emulators: ChaosEmulators,
  readers: Map<Side, TrackerPort>,
): Promise<string[]> {
  const violations: string[] = [];
  for (const pair of pairs(model, emulators)) {
    const copy = pair.copies[0];
    if (pair.broken || !pair.original || !copy) continue;
    const ids: Record<Side, string> = { blue: '', green: '' };
    ids[pair.issue.origin] = pair.original.id;
    ids[OTHER[pair.issue.origin]] = copy.id;
    const [blue, green] = await Promise.all(SIDES.map((side) => readers.get(side)?.getIssue(ids[side])));
    if (!blue || !green) {
      violations.push(`issue#${pair.issue.n}: cannot read both sides`);
      continue;
    }
    const fields = { blue: basicFieldsOf(blue), green: basicFieldsOf(green) };
    const name = `issue#${pair.issue.n} (${blue.key} / ${green.key})`;
    if (fields.blue.summary !== fields.green.summary)
      violations.push(`${name}: summary differs: ${fields.blue.summary} / ${fields.green.summary}`);
    if (JSON.stringify(fields.blue.description) !== JSON.stringify(fields.green.description))
      violations.push(
        `${name}: description differs: ${JSON.stringify(fields.blue.description)} / ${JSON.stringify(fields.green.description)}`,
      );
    // Both projects have the same issue types, so the default-type fallback maps every name to itself.
    if (fields.blue.issueType !== fields.green.issueType)
      violations.push(`${name}: issue type differs: ${fields.blue.issueType} / ${fields.green.issueType}`);
    const finals: Record<BasicFieldName, string> = {
      summary: fields.blue.summary,
      description: tokenOf(JSON.stringify(fields.blue.description)),
      issueType: fields.blue.issueType,
    };
    for (const field of ['summary', 'description', 'issueType'] as const) {
      const heads = lastBySide(pair.issue.writes[field]);
      const value = (write: PersonWrite) => (field === 'description' ? tokenOf(write.value) : write.value);
      const allowed = [...heads.values()].map(value);
      if (!allowed.includes(finals[field]))
        violations.push(
          `${name}: ${field} settled on ${JSON.stringify(finals[field])}, not the latest value a person wrote on either side (${allowed.join(' | ')})`,
        );
    }
  }
  return violations;
}

function mentions(body: unknown, token: string): boolean {
  return JSON.stringify(body).includes(token);
}

/** 2 and 3 for comments and attachments: each public one exactly once per side, restricted ones never across. */
export function checkItems(model: ChaosModel, emulators: ChaosEmulators): string[] {
  const violations: string[] = [];
  const all = pairs(model, emulators);
  const tandem = { blue: emulators.tandemAccountId('blue'), green: emulators.tandemAccountId('green') };
  // Private comments: on no issue of the other instance, whatever else happened.
  for (const comment of model.comments.filter((candidate) => candidate.kind !== 'public')) {
    const other = OTHER[comment.side];
    for (const issue of issuesOf(emulators, other)) {
      for (const found of issue.comments) {
        if (comment.versions.some((token) => mentions(found.body, token)))
          violations.push(
            `${comment.kind} comment ${comment.versions[0] ?? ''} from ${comment.side} reached ${issue.key} on ${other}`,
          );
      }
    }
  }
  for (const pair of all) {
    for (const comment of model.comments.filter((candidate) => candidate.issue === pair.issue.n)) {
      const first = comment.versions[0] ?? '';
      const last = comment.versions[comment.versions.length - 1] ?? '';
      const here = onSide(pair, comment.side);
      const there = onSide(pair, OTHER[comment.side]);
      const hereCount = here?.comments.filter((found) => mentions(found.body, first)).length ?? 0;
      if (here && hereCount !== (comment.deleted ? 0 : 1))
        violations.push(
          `comment ${first} appears ${hereCount} times on its own side ${comment.side} (a copy travelled back?)`,
        );
      if (!there || comment.kind !== 'public') continue;
      const copies = there.comments.filter((found) => mentions(found.body, first));
      const expected = comment.deleted ? 0 : 1;
      if (copies.length > 1 || (!pair.broken && copies.length !== expected))
        violations.push(
          `comment ${first} from ${comment.side} has ${copies.length} copies on ${there.key} (expected ${expected})`,
        );
      const copy = copies[0];
      if (!pair.broken && copy && !comment.deleted) {
        if (!mentions(copy.body, last))
          violations.push(`the copy of comment ${first} on ${there.key} lacks its last edit ${last}`);
        if (copy.authorId !== tandem[OTHER[comment.side]])
          violations.push(`the copy of comment ${first} was not written by Tandem`);
      }
    }
    for (const attachment of model.attachments.filter((candidate) => candidate.issue === pair.issue.n)) {
      const here = onSide(pair, attachment.side);
      const there = onSide(pair, OTHER[attachment.side]);
      const count = (issue: EmuIssue | undefined) =>
        issue?.attachments.filter((found) => found.filename === attachment.filename).length ?? 0;
      const expected = attachment.deleted ? 0 : 1;
      if (here && count(here) !== expected)
        violations.push(
          `attachment ${attachment.filename} appears ${count(here)} times on its own side ${attachment.side}`,
        );
      if (!there) continue;
      if (count(there) > 1 || (!pair.broken && count(there) !== expected))
        violations.push(
          `attachment ${attachment.filename} has ${count(there)} copies on ${there.key} (expected ${expected})`,
        );
    }
  }
  return violations;
}

/** 5. Order: on every issue, no value Tandem writes is older than one that came from the same side before it. */
export function checkOrder(model: ChaosModel, emulators: ChaosEmulators): string[] {
  const violations: string[] = [];
  const tandem = { blue: emulators.tandemAccountId('blue'), green: emulators.tandemAccountId('green') };
  for (const pair of pairs(model, emulators)) {
    for (const side of SIDES) {
      const issue = onSide(pair, side);
      if (!issue) continue;
      for (const [field, jiraField] of [
        ['summary', 'summary'],
        ['description', 'description'],
      ] as const) {
        const byToken = new Map<string, PersonWrite>();
        for (const write of pair.issue.writes[field])
          byToken.set(field === 'summary' ? write.value : tokenOf(write.value), write);
        const newest: Record<Side, number> = { blue: -1, green: -1 };
        if (side === pair.issue.origin) {
          const created = pair.issue.writes[field][0];
          if (created) newest[side] = created.seq;
        }
        for (const history of issue.changelog) {
          for (const item of history.items.filter((candidate) => candidate.field === jiraField)) {
            const token = field === 'summary' ? (item.toString ?? '') : tokenOf(item.toString);
            const write = byToken.get(token);
            const byTandem = history.authorId === tandem[side];
            if (!write) {
              if (byTandem && token !== '')
                violations.push(`${issue.key}: Tandem wrote ${field} ${JSON.stringify(token)}, which no person wrote`);
              continue;
            }
            if (byTandem && write.seq < newest[write.side])
              violations.push(
                `${issue.key}: Tandem wrote ${field} ${token} (person write #${write.seq} on ${write.side}) after a newer one from ${write.side} (#${newest[write.side]})`,
              );
            newest[write.side] = Math.max(newest[write.side], write.seq);
          }
        }
      }
    }
  }
  return violations;
}

function tandemWrites(log: LoggedRequest[], method: string, endpoint: RegExp): number {
  return log.filter(
    (entry) =>
      entry.user === 'admin' &&
      entry.method === method &&
      endpoint.test(entry.endpoint) &&
      entry.status !== undefined &&
      entry.status >= 200 &&
      entry.status < 300,
  ).length;
}

/** 4. At most one write per person's edit per direction (coalescing may make it fewer). */
export function checkWritesPerEdit(model: ChaosModel, emulators: ChaosEmulators): string[] {
  const violations: string[] = [];
  for (const side of SIDES) {
    const from = OTHER[side];
    const log = emulators.log[side];
    const bounds: [string, number, number][] = [
      ['field edits (PUT issue)', tandemWrites(log, 'PUT', /\/issue\/:issueIdOrKey$/), model.fieldEdits[from]],
      [
        'comment adds',
        tandemWrites(log, 'POST', /\/issue\/:issueIdOrKey\/comment$/),
        model.comments.filter((comment) => comment.side === from && comment.kind === 'public').length,
      ],
      ['comment edits', tandemWrites(log, 'PUT', /\/comment\/:id$/), model.commentEdits[from]],
      ['comment deletes', tandemWrites(log, 'DELETE', /\/comment\/:id$/), model.commentDeletes[from]],
      [
        'attachment uploads',
        tandemWrites(log, 'POST', /\/attachments$/),
        model.attachments.filter((attachment) => attachment.side === from).length,
      ],
      ['attachment deletes', tandemWrites(log, 'DELETE', /\/attachment\/:id$/), model.attachmentDeletes[from]],
    ];
    for (const [what, writes, edits] of bounds) {
      if (writes > edits) violations.push(`${side}: Tandem made ${writes} ${what} for ${edits} by people on ${from}`);
    }
  }
  return violations;
}

/** Path and query of a URL, as the emulator logs a request's URL. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** Retry-After as Jira sent it, in ms (delta-seconds; an HTTP date against the time the answer was read). */
function retryAfterMsOf(header: string | null, readAt: number): number | null {
  if (header === null) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : date - readAt;
}

/**
 * 6. No request sent in a rate limit's scope after Tandem had read a 429 with a Retry-After and before that wait was
 * over. Judged from the adapter's send logs (chaos-send-log.ts: when each request was sent and each 429 read, in order,
 * one stream per tracker, i.e. per process), so that a request already on its way when the 429 was answered is not
 * counted, and one sent a millisecond after the answer arrived is. What Jira said comes from the 429's own headers;
 * the scope is judged here, from Jira's side (the emulator's endpoint and issue id of each URL), not from the
 * adapter's gates. The logs must account for every request Tandem's account made, or the check could not see them.
 */
export function checkRetryAfter(emulators: ChaosEmulators): string[] {
  const violations: string[] = [];
  for (const side of SIDES) {
    const arrived = emulators.log[side].filter((entry) => entry.user === 'admin');
    const streams = emulators.sends.filter((stream) => stream.instance === side);
    const origin = new URL(emulators.jira[side].url).origin;
    const sent = streams.flatMap((stream) => stream.events()).filter((event) => event.kind === 'sent');
    const logged = sent.filter((event) => new URL(event.url).origin === origin).length;
    if (logged < arrived.length)
      violations.push(
        `${side}: the send logs hold ${logged} requests but Jira received ${arrived.length} from Tandem: the Retry-After check cannot see them all`,
      );
    // How Jira saw each URL: its endpoint template and the issue it names (resolved to an id on arrival).
    const seen = new Map<string, LoggedRequest>();
    for (const entry of arrived) seen.set(`${entry.method} ${entry.url}`, entry);
    const jiraView = (event: JiraSendEvent) => seen.get(`${event.method} ${pathOf(event.url)}`);
    const issueIdOf = (event: JiraSendEvent) =>
      jiraView(event)?.issueId ??
      (event.issue === undefined
        ? undefined
        : (emulators.jira[side].context.state.findIssue(event.issue)?.id ?? event.issue));
    const sameEndpoint = (a: JiraSendEvent, b: JiraSendEvent) => {
      if (a.method !== b.method) return false;
      const [seenA, seenB] = [jiraView(a), jiraView(b)];
      // A request that never reached Jira is compared by the adapter's route template.
      return seenA && seenB ? seenA.endpoint === seenB.endpoint : a.route === b.route;
    };
    for (const stream of streams) {
      const events = stream.events();
      events.forEach((limited, index) => {
        if (limited.kind !== 'rate-limited') return;
        const wait = retryAfterMsOf(limited.retryAfter, limited.at);
        if (wait === null) return;
        const until = limited.at + wait;
        const reason = limited.reason?.trim() || null;
        const limitedIssue = issueIdOf(limited);
        const inScope = (event: JiraSendEvent) => {
          // Data Center names no reason: its limit is per user, i.e. every request Tandem makes.
          if (reason === null || reason === 'jira-quota-tenant-based' || reason === 'jira-quota-global-based')
            return true;
          if (reason === 'jira-per-issue-on-write')
            return event.method !== 'GET' && limitedIssue !== undefined && issueIdOf(event) === limitedIssue;
          return sameEndpoint(event, limited);
        };
        // Events after this one in the stream happened after the 429 was read: the log is in the order they happened.
        const early = events
          .slice(index + 1)
          .find(
            (event) =>
              event.kind === 'sent' && event.at < until && new URL(event.url).origin === origin && inScope(event),
          );
        if (early)
          violations.push(
            `${side}: ${early.method} ${pathOf(early.url)} sent ${early.at - limited.at} ms after a 429 was read (${reason ?? 'no reason'}, Retry-After ${limited.retryAfter ?? ''}) on ${limited.method} ${pathOf(limited.url)}`,
          );
      });
    }
  }
  return violations;
}
