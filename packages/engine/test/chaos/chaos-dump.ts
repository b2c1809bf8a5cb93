/**
 * What a failed chaos run leaves behind for whoever looks into it (CHAOS_DUMP=folder): the model (every person's
 * write, in order), each Jira's issues as the emulator holds them (fields, changelog, comments, twin markers), every
 * request Tandem made with its arrival time and answer, and every store's records (twins, side states with their
 * merge bases, comment mappings, errors, audit trail).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAOS_CONNECTION } from './chaos-engine-config.ts';
import type { ChaosModel } from './chaos-model.ts';
import { PROJECT, SIDES, type ChaosEmulators, type ChaosHost } from './chaos-world.ts';

/** Writes `seed-<seed>.json` into `folder`; returns its path. */
export async function writeChaosDump(
  folder: string,
  seed: number,
  commands: string[],
  violations: string[],
  model: ChaosModel,
  emulators: ChaosEmulators,
  host: ChaosHost,
): Promise<string> {
  const jira = Object.fromEntries(
    SIDES.map((side) => [
      side,
      {
        issues: emulators.jira[side].context.state.data.issues.filter((issue) =>
          issue.key.startsWith(`${PROJECT[side]}-`),
        ),
        tandemRequests: emulators.log[side].filter((entry) => entry.user === 'admin'),
      },
    ]),
  );
  const stores = await host.eachStore(async (name, store) => {
    const twins = [];
    for (const twin of await store.listTwins(CHAOS_CONNECTION.name))
      twins.push({
        twin,
        a: await store.getSideState(twin.id, 'a'),
        b: await store.getSideState(twin.id, 'b'),
        comments: await store.listCommentMappings(twin.id),
        attachments: await store.listAttachmentMappings(twin.id),
        error: await store.getError(twin.id),
      });
    return { name, twins, audit: await store.listAudit({ connection: CHAOS_CONNECTION.name, limit: 2000 }) };
  });
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `seed-${seed}.json`);
  const document = {
    seed,
    topology: host.topology,
    mode: host.mode,
    commands,
    violations,
    model: { ...model, configured: [...model.configured] },
    jira,
    stores,
  };
  writeFileSync(file, JSON.stringify(document, null, 1));
  return file;
}
