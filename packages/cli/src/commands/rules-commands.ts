/** `tandem rules test --connection C --issue KEY`: what the rules would do with one issue, writing nothing. */
import type { Command } from 'commander';
import type { DryRunDocument } from '@tandem/server';
import { runCommand } from '../command-context.ts';
import { EXIT } from '../exit-codes.ts';

/** A value as one short line: text as it is, rich text and objects as compact JSON, cut at 120 characters. */
function short(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (value === null) return '(empty)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The report as lines a person reads top to bottom. */
export function dryRunLines(report: DryRunDocument): string {
  const lines = [`${report.source.issueKey} (${report.source.instance}) through ${report.connection}`];
  if (!report.replica) {
    lines.push(`  outside the scope of ${report.source.instance}: nothing would be sent`);
    return lines.join('\n');
  }
  lines.push('  replica:');
  for (const [name, value] of Object.entries(report.replica.fields)) lines.push(`    ${name} = ${short(value)}`);
  lines.push(
    `    ${report.replica.comments.length} comments, ${report.replica.attachments.length} attachments, ` +
      `${report.replica.worklogs.length} worklogs, ${report.replica.links.length} links`,
  );
  const target = report.target;
  if (!target) return lines.join('\n');
  if (!target.served) {
    lines.push(`  ${target.instance}: ${target.note}`);
    return lines.join('\n');
  }
  lines.push(
    target.create
      ? `  on ${target.instance}: a new issue would be created with`
      : `  on ${target.instance} ${target.issueKey}: the changes would be`,
  );
  if (target.fields.length === 0) lines.push('    no field change');
  for (const change of target.fields)
    lines.push(`    ${change.name} (${change.field}): ${short(change.before)} → ${short(change.after)}`);
  const items = [
    ['comments', target.comments],
    ['attachments', target.attachments],
    ['worklogs', target.worklogs],
    ['links', target.links],
  ] as const;
  for (const [what, plan] of items) {
    const parts = Object.entries(plan)
      .filter(([, list]) => list.length > 0)
      .map(([verb, list]) => `${verb} ${list.join(', ')}`);
    if (parts.length > 0) lines.push(`    ${what}: ${parts.join('; ')}`);
  }
  for (const field of target.keptHere) lines.push(`    kept here (would travel back): ${field}`);
  for (const decision of target.decisions)
    lines.push(`    ${decision.kind} on ${decision.field}: ${decision.winner} wins (${decision.reason})`);
  for (const key of target.waitingFor) lines.push(`    waits for the twin of ${key}`);
  for (const person of target.unmatchedPeople) lines.push(`    no account on ${target.instance} for ${person}`);
  for (const problem of target.problems) lines.push(`    PROBLEM ${problem.field}: ${problem.message}`);
  for (const line of target.log) lines.push(`    log: ${line}`);
  return lines.join('\n');
}

export function registerRulesCommands(program: Command): void {
  const rules = program.command('rules').description("try a connection's rules");
  rules
    .command('test')
    .description('dry run: the replica of an issue and the exact changes the rules would make on the other side')
    .requiredOption('--connection <name>', 'the connection')
    .requiredOption('--issue <key>', 'an issue on either side, e.g. BLUE-1')
    .action((options: { connection: string; issue: string }, command: Command) =>
      runCommand(command, async ({ output, session }) => {
        const report = await (
          await session()
        ).operations.dryRun({ connection: options.connection, key: options.issue });
        output.result(report, () => dryRunLines(report));
        const problems = report.target?.served ? report.target.problems.length : 0;
        return problems > 0 ? EXIT.failed : EXIT.ok;
      }),
    );
}
