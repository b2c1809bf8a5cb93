/**
 * `tandem init --email E` (the console's first admin, or a new password for that user) and
 * `tandem token create NAME | list | revoke ID` (API tokens for scripts). They work on the node's store directly,
 * whether or not the node is serving.
 */
import type { Command } from 'commander';
import { createOrResetAdmin, NotFoundError, openNodeAccess, type NodeAccess } from '@tandem/server';
import { randomUUID } from 'node:crypto';
import { runCommand } from '../command-context.ts';
import { readNewPassword } from '../password-prompt.ts';

async function withAccess<T>(access: Promise<NodeAccess>, work: (access: NodeAccess) => Promise<T>): Promise<T> {
  const opened = await access;
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

const time = (at: number | null) => (at === null ? 'never' : new Date(at).toISOString());

export function registerAccessCommands(program: Command): void {
  program
    .command('init')
    .description(
      "create the console's first admin (or set the password of that user); password from TANDEM_ADMIN_PASSWORD, a prompt, or standard input",
    )
    .requiredOption('--email <address>', "the admin's e-mail address (their login)")
    .option('--name <name>', 'the name shown in the console (default: the part before the @)')
    .action((options: { email: string; name?: string }, command: Command) =>
      runCommand(command, async ({ output, config }) => {
        const password = await readNewPassword();
        const result = await withAccess(openNodeAccess(config()), ({ access }) =>
          createOrResetAdmin(
            access,
            { email: options.email, password, ...(options.name === undefined ? {} : { name: options.name }) },
            { now: Date.now, newId: randomUUID },
          ),
        );
        output.result(result, () =>
          result.created
            ? `admin ${result.user.email} created: log in to the console with this address`
            : `password of ${result.user.email} changed; their sessions were ended`,
        );
      }),
    );

  const token = program.command('token').description('API tokens for scripts: create, list, revoke');

  token
    .command('create')
    .description('create an API token; its value is printed once (send it as Authorization: Bearer <token>)')
    .argument('<name>', 'what the token is for, e.g. ci or backup-script')
    .action((name: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, config }) => {
        const created = await withAccess(openNodeAccess(config()), ({ accessService }) =>
          accessService.createToken(name.trim() || name, null),
        );
        const document = {
          token: {
            id: created.token.id,
            name: created.token.name,
            masked: `••••${created.token.lastChars}`,
            createdAt: created.token.createdAt,
          },
          value: created.value,
        };
        output.result(
          document,
          () =>
            `${created.value}\n\nAPI token ${created.token.name} (${created.token.id}): shown this once; keep it secret.\n` +
            'Use it as: Authorization: Bearer <token>, or TANDEM_API_TOKEN for the CLI on another machine.',
        );
      }),
    );

  token
    .command('list')
    .description('API tokens: id, name, last characters, created, last used')
    .action((_options: unknown, command: Command) =>
      runCommand(command, async ({ output, config }) => {
        const tokens = await withAccess(openNodeAccess(config()), ({ access }) => access.listApiTokens());
        const document = {
          tokens: tokens.map((each) => ({
            id: each.id,
            name: each.name,
            masked: `••••${each.lastChars}`,
            createdAt: each.createdAt,
            lastUsedAt: each.lastUsedAt,
          })),
        };
        output.result(document, () =>
          tokens.length === 0
            ? 'no API tokens'
            : tokens
                .map(
                  (each) =>
                    `${each.id}  ${each.name}  ••••${each.lastChars}  created ${time(each.createdAt)}  last used ${time(each.lastUsedAt)}`,
                )
                .join('\n'),
        );
      }),
    );

  token
    .command('revoke')
    .description('revoke an API token: it stops working at once')
    .argument('<id>', 'the token id (see tandem token list)')
    .action((id: string, _options: unknown, command: Command) =>
      runCommand(command, async ({ output, config }) => {
        const deleted = await withAccess(openNodeAccess(config()), ({ access }) => access.deleteApiToken(id));
        if (!deleted) throw new NotFoundError(`no API token with id ${id}`, { id });
        output.result({ revoked: id }, () => `API token ${id} revoked`);
      }),
    );
}
