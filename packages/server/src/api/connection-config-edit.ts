/**
 * One change of a connection in the configuration file, all or nothing: the YAML edit, files it needs (rule
 * scripts), the config parser's check, an optional check of the result against Jira, then the write. A problem at any
 * step before the write answers 400 and leaves the file and the rule files as they were.
 */
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, type ConnectionConfig, type TandemConfig } from '@tandem/config';
import type { Document } from 'yaml';
import type { TandemNode } from '../compose-node.ts';
import { ConfigFileError, configText, writeAtomically, type ConfigFile } from '../config-file/config-file.ts';
import { configEditError, type BodyPathMapper } from '../config-file/config-issue-paths.ts';
import { OperationFailedError } from '../operation-errors.ts';

export interface ConnectionEdit {
  /** Changes the document; gets the configuration the file holds now. */
  edit(document: Document, current: TandemConfig): void | Promise<void>;
  /** Where config problems under `connections.<name>` are in the request body. */
  mapToBody: BodyPathMapper;
  /** Files written before the check (the config checks that rule files exist), restored when anything fails. */
  files?: { path: string; text: string }[];
  /** Checks the edited connection beyond the parser (e.g. against the instances' fields); throws to refuse. */
  verify?(connection: ConnectionConfig): Promise<void>;
  /** False: check only, write nothing (a dry run). Default true. */
  write?: boolean;
}

/** The node's config file, or 409 when the node was started without one. */
export function configFileOf(node: TandemNode): ConfigFile {
  if (!node.configFile)
    throw new OperationFailedError(
      'this node was started without a configuration file to save changes to (tandem serve --config FILE saves them)',
    );
  return node.configFile;
}

async function swapFiles(files: { path: string; text: string }[]): Promise<() => Promise<void>> {
  const previous: { path: string; text: string | null }[] = [];
  try {
    for (const file of files) {
      let old: string | null = null;
      try {
        old = await readFile(file.path, 'utf8');
      } catch {
        old = null;
      }
      previous.push({ path: file.path, text: old });
      await mkdir(dirname(file.path), { recursive: true });
      await writeAtomically(file.path, file.text);
    }
  } catch (error) {
    await restore(previous);
    throw error;
  }
  return () => restore(previous);
}

async function restore(previous: { path: string; text: string | null }[]): Promise<void> {
  for (const file of previous.reverse()) {
    if (file.text === null) await unlink(file.path).catch(() => undefined);
    else await writeAtomically(file.path, file.text).catch(() => undefined);
  }
}

/** Applies `change` to connection `name` in the node's config file; returns the connection as the file now has it. */
export async function editConnectionConfig(
  node: TandemNode,
  name: string,
  change: ConnectionEdit,
): Promise<ConnectionConfig> {
  const file = configFileOf(node);
  return file.exclusive(async () => {
    let read: Awaited<ReturnType<ConfigFile['read']>>;
    try {
      read = await file.read();
    } catch (error) {
      if (error instanceof ConfigFileError) throw new OperationFailedError(error.message, {}, { cause: error });
      throw error;
    }
    const { document, config } = read;
    const before = configText(document);
    await change.edit(document, config);
    const write = change.write ?? true;
    const undoFiles = write && change.files ? await swapFiles(change.files) : async () => {};
    try {
      let parsed: TandemConfig;
      try {
        parsed = file.check(document);
      } catch (error) {
        if (error instanceof ConfigError) throw configEditError(error, name, change.mapToBody);
        throw error;
      }
      const connection = parsed.connections[name];
      if (!connection) throw new Error(`connection ${name} is not in the edited configuration`);
      await change.verify?.(connection);
      if (write && configText(document) !== before) await file.write(document);
      return connection;
    } catch (error) {
      await undoFiles();
      throw error;
    }
  });
}
