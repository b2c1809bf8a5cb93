/**
 * Edits of one connection in the configuration file's YAML document: a new connection, its mode and rule blocks,
 * a side's triggers and sync method. Each edit touches only the keys it changes.
 */
import type { ConnectionMode, SyncMethod, TriggerConfig } from '@tandem/config';
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export type NewSide =
  | { instance: string; remote: true }
  | {
      instance: string;
      remote?: false | undefined;
      project: string;
      trigger?: string | undefined;
      sync?: SyncMethod | undefined;
    };

export interface NewConnection {
  name: string;
  description?: string | undefined;
  mode: ConnectionMode;
  sides: readonly [NewSide, NewSide];
}

function sidePath(connection: string, instance: string): string[] {
  return ['connections', connection, 'sides', instance];
}

/** Adds `connections.<name>` (creating `connections:` when the file has none). */
export function addConnection(document: Document, connection: NewConnection): void {
  const sides: Record<string, unknown> = {};
  for (const side of connection.sides) {
    if (side.remote === true) {
      sides[side.instance] = { remote: true };
      continue;
    }
    const value: Record<string, unknown> = { project: side.project };
    if (side.trigger !== undefined) value.trigger = side.trigger;
    if (side.sync !== undefined && side.sync !== 'auto') value.sync = side.sync;
    sides[side.instance] = value;
  }
  const value: Record<string, unknown> = {};
  if (connection.mode !== 'basic') value.mode = connection.mode;
  if (connection.description !== undefined) value.description = connection.description;
  value.sides = sides;
  const node = document.createNode(value) as Node;
  // Sides inline, as the examples write them: `blue: { project: BLUE, trigger: "…" }`.
  if (isMap(node)) {
    const sidesNode = node.get('sides', true);
    if (isMap(sidesNode)) for (const pair of sidesNode.items) if (isMap(pair.value)) pair.value.flow = true;
  }
  if (!isMap(document.getIn(['connections']))) document.setIn(['connections'], document.createNode({}));
  document.setIn(['connections', connection.name], node);
}

/** Sets `mode:` (left out for basic, the default) and drops the rule block another mode used. */
export function setMode(document: Document, connection: string, mode: ConnectionMode): void {
  const base = ['connections', connection];
  if (mode === 'basic') {
    if (document.hasIn([...base, 'mode'])) document.setIn([...base, 'mode'], 'basic');
  } else {
    document.setIn([...base, 'mode'], mode);
  }
  for (const block of ['visual', 'script'] as const) if (block !== mode) document.deleteIn([...base, block]);
}

/** Sets `script.<instance>` to the two rule files (paths as written in the file). */
export function setScriptFiles(
  document: Document,
  connection: string,
  instance: string,
  files: { outgoing: string; incoming: string },
): void {
  const node = document.createNode(files) as Node;
  if (isMap(node)) node.flow = true;
  document.setIn(['connections', connection, 'script', instance], node);
}

/**
 * Replaces a side's triggers: `trigger: <jql>` when there is one active trigger without a note and the file did not
 * use `triggers:` already, else a `triggers:` list. No trigger at all leaves neither key (only issues synced by hand).
 */
export function setTriggers(
  document: Document,
  connection: string,
  instance: string,
  triggers: readonly TriggerConfig[],
): void {
  const path = sidePath(connection, instance);
  const usedList = isSeq(document.getIn([...path, 'triggers']));
  const [only] = triggers;
  document.deleteIn([...path, 'trigger']);
  document.deleteIn([...path, 'triggers']);
  if (triggers.length === 0) return;
  if (triggers.length === 1 && only && only.active && only.note === null && !usedList) {
    document.setIn([...path, 'trigger'], only.jql);
    return;
  }
  const list = triggers.map((trigger) => ({
    jql: trigger.jql,
    ...(trigger.active ? {} : { active: false }),
    ...(trigger.note === null ? {} : { note: trigger.note }),
  }));
  const node = document.createNode(list) as Node;
  if (isSeq(node)) for (const item of node.items) if (isMap(item)) item.flow = true;
  document.setIn([...path, 'triggers'], node);
  // A list of triggers reads better as a block than inside `blue: { … }` on one line; the side's trailing comment
  // stays on its line (`blue: # …`).
  const sides = document.getIn(path.slice(0, -1), true);
  const pair = isMap(sides) ? sides.items.find((item) => isScalar(item.key) && item.key.value === instance) : undefined;
  if (pair && isMap(pair.value) && pair.value.flow) {
    pair.value.flow = false;
    if (pair.value.comment && isScalar(pair.key)) {
      pair.key.comment = pair.value.comment;
      pair.value.comment = null;
    }
  }
}

/** Sets a side's `sync:` method. */
export function setSideSync(document: Document, connection: string, instance: string, sync: SyncMethod): void {
  const path = [...sidePath(connection, instance), 'sync'];
  if (sync === 'auto' && !document.hasIn(path)) return;
  document.setIn(path, sync);
}
