/**
 * Errors grouped by connection and cause, with their blast radius. Twin errors block one twin each; errors with the
 * same cause (the same Jira answer or script line, the same message once issue keys, numbers and quoted values are
 * set aside) form one group. A connection's own error (authentication, the peer refusing, rules that do not fit the
 * instances) blocks the whole connection and is a group of its own.
 */
import { createHash } from 'node:crypto';
import type { TwinError } from '@tandem/core';
import type { z } from 'zod';
import type { TandemNode } from '../../compose-node.ts';
import type { errorGroupSchema } from '../schemas/statistics-schemas.ts';

export type ErrorGroupDocument = z.input<typeof errorGroupSchema>;

const ISSUE_KEY = /\b[A-Z][A-Z0-9_]*-[0-9]+\b/g;

/** The message with what differs between twins of one cause replaced: keys, quoted values, numbers. */
export function messageShape(message: string): string {
  return message
    .replace(ISSUE_KEY, 'KEY')
    .replace(/"[^"]*"|'[^']*'|“[^”]*”/g, '…')
    .replace(/\b\d+(\.\d+)?\b/g, 'N')
    .trim();
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function scriptOf(details: Record<string, unknown>) {
  return typeof details.file === 'string'
    ? { file: details.file, line: numberOrNull(details.line), column: numberOrNull(details.column) }
    : null;
}

/** Jira's own words, when the error is Jira's answer. */
function jiraOf(details: Record<string, unknown>) {
  const status = numberOrNull(details.status);
  const messages: string[] = [];
  for (const key of ['jiraMessages', 'errorMessages', 'messages']) {
    const value = details[key];
    if (Array.isArray(value)) messages.push(...value.filter((item): item is string => typeof item === 'string'));
  }
  const fieldErrors = details.fieldErrors ?? details.errors;
  if (typeof fieldErrors === 'object' && fieldErrors !== null && !Array.isArray(fieldErrors)) {
    for (const [field, text] of Object.entries(fieldErrors))
      if (typeof text === 'string') messages.push(`${field}: ${text}`);
  }
  return status === null && messages.length === 0 ? null : { status, messages };
}

/** What errors of one group share. */
export function causeOf(error: TwinError): string {
  const { details } = error;
  const script = scriptOf(details);
  if (script) return `script ${script.file}:${script.line ?? '?'}: ${messageShape(error.message)}`;
  if (typeof details.kind === 'string') return `jira ${details.kind}: ${messageShape(error.message)}`;
  return messageShape(error.message);
}

function groupId(connection: string, cause: string): string {
  return createHash('sha256').update(`${connection}\n${cause}`).digest('hex').slice(0, 16);
}

/** Every error group of the node (or of one connection): connection-wide first, then by size and recency. */
export async function errorGroups(node: TandemNode, connection?: string): Promise<ErrorGroupDocument[]> {
  const groups = new Map<string, ErrorGroupDocument & { latest: number }>();
  const statuses = await node.engine.connections();
  const wide: (ErrorGroupDocument & { latest: number })[] = [];
  for (const status of statuses) {
    if (status.status !== 'error' || (connection !== undefined && status.name !== connection)) continue;
    const reason = status.reason ?? 'the connection is in error';
    const cause = `connection: ${messageShape(reason)}`;
    wide.push({
      id: groupId(status.name, cause),
      connection: status.name,
      cause,
      message: reason,
      blastRadius: 'connection',
      count: 0,
      script: null,
      jira: null,
      twins: [],
      latest: Number.MAX_SAFE_INTEGER,
    });
  }
  for (const error of await node.engine.errors(connection)) {
    const cause = causeOf(error);
    const id = groupId(error.connection, cause);
    const twin = await node.store.getTwin(error.twinId);
    const keys = twin ? [twin.a.issueKey, twin.b.issueKey].filter((key): key is string => key !== null) : [];
    let group = groups.get(id);
    if (!group) {
      group = {
        id,
        connection: error.connection,
        cause,
        message: error.message,
        blastRadius: 'twin',
        count: 0,
        script: scriptOf(error.details),
        jira: jiraOf(error.details),
        twins: [],
        latest: 0,
      };
      groups.set(id, group);
    }
    group.count += 1;
    group.latest = Math.max(group.latest, error.lastAt);
    group.twins.push({
      twinId: error.twinId,
      keys,
      message: error.message,
      details: error.details,
      firstAt: error.firstAt,
      lastAt: error.lastAt,
      attempts: error.attempts,
      retrying: error.details.retrying === true,
    });
  }
  const byTwin = [...groups.values()].sort((x, y) => y.count - x.count || y.latest - x.latest);
  return [...wide, ...byTwin].map(({ latest: _latest, ...group }) => group);
}
