/**
 * One mapping's value on the receiving side: the replica's value through the value map (read from the sending side
 * to this one), people through the people map as `$user` intents, issues as `$twinOf` intents, and the unmatched
 * policy for a value with no match — or, for an issue type, a name the receiving project does not have.
 */
import type { FieldIntent, FieldKind, FieldUser, FieldValue, RuleProblem, RuleProject } from '@tandem/core';
import { sameText } from './field-reference.ts';
import { mapPerson, mapValue, personEntry } from './pair-maps.ts';
import { isFieldUser, isFieldUserList, isIssueRef, isSorted, isTextList } from './value-shapes.ts';
import type { VisualMapping } from './visual-rules-config.ts';

/** Where a mapping's value goes and what the receiving side offers. */
export interface MappingContext {
  mapping: VisualMapping;
  /** The mapping's place in the config file, e.g. `connections.support.visual.fields.2`. */
  path: string;
  /** The sending side's instance. */
  from: string;
  /** The receiving side's instance. */
  to: string;
  /** The receiving field's kind, when the catalog knows it. */
  kind: FieldKind | null;
  project: RuleProject;
}

/** The value to write (undefined: leave the field as it is), with what to log and what stops the issue. */
export interface IncomingValue {
  value?: FieldValue | FieldIntent;
  log: string[];
  problems: RuleProblem[];
}

type TextOutcome = { text: string } | { missed: string };

/** The receiving side's value for `raw`, a value of the sending side. */
export function incomingValue(context: MappingContext, raw: FieldValue): IncomingValue {
  const result: IncomingValue = { log: [], problems: [] };
  if (raw === null) {
    // An issue always has a type: an empty one is no news.
    if (context.kind !== 'issuetype') result.value = null;
    return result;
  }
  if (isFieldUser(raw)) {
    result.value = {
      $user: { ...mapPerson(context.mapping.users, context.from, context.to, raw), ...fallback(context) },
    };
    return result;
  }
  if (isFieldUserList(raw)) {
    result.value = { $users: raw.map((user) => mapPerson(context.mapping.users, context.from, context.to, user)) };
    return result;
  }
  if (isIssueRef(raw)) {
    result.value = { $twinOf: raw };
    return result;
  }
  if (typeof raw === 'string') {
    const outcome = matchText(context, raw);
    if ('text' in outcome) result.value = outcome.text;
    else {
      const replacement = unmatched(context, raw, outcome.missed, result);
      if (replacement !== undefined) result.value = replacement;
    }
    return result;
  }
  if (isTextList(raw) && context.mapping.values.length > 0) {
    const mapped: string[] = [];
    for (const item of raw) {
      const outcome = matchText(context, item);
      const text = 'text' in outcome ? outcome.text : unmatched(context, item, outcome.missed, result);
      if (text !== undefined && !mapped.includes(text)) mapped.push(text);
    }
    // Neutral lists whose order means nothing are sorted; mapping must not make them look changed.
    result.value = isSorted(raw) ? mapped.sort() : mapped;
    return result;
  }
  result.value = raw;
  return result;
}

/** A text through the value map (when there is one), then, for an issue type, against the project's types. */
function matchText(context: MappingContext, value: string): TextOutcome {
  const { mapping } = context;
  const mapped = mapping.values.length > 0 ? mapValue(mapping.values, context.from, context.to, value) : value;
  if (mapped === undefined) return { missed: value };
  if (context.kind !== 'issuetype') return { text: mapped };
  const type = context.project.issueTypes.find((name) => sameText(name, mapped));
  return type === undefined ? { missed: mapped } : { text: type };
}

/** What the unmatched policy writes for `original` (undefined: nothing), recording the log line or the problem. */
function unmatched(
  context: MappingContext,
  original: string,
  missed: string,
  result: IncomingValue,
): string | undefined {
  const { mapping, from, to } = context;
  const what =
    context.kind === 'issuetype' && missed !== original
      ? `${JSON.stringify(original)} from ${from} (${JSON.stringify(missed)} here) is no issue type of ${context.project.key}`
      : context.kind === 'issuetype' && mapping.values.length === 0
        ? `${JSON.stringify(original)} from ${from} is no issue type of ${context.project.key}`
        : `${JSON.stringify(original)} from ${from} has no match on ${to}`;
  switch (mapping.unmatched) {
    case 'error':
      result.problems.push({
        field: context.path,
        message: `${mapping.fields[to] ?? mapping.key}: ${what} (unmatched: error)`,
      });
      return undefined;
    case 'default': {
      const value = mapping.default[to];
      if (value === undefined) break;
      result.log.push(`${context.path}: ${what}; wrote the default ${JSON.stringify(value)}`);
      return value;
    }
    case 'project-default':
      result.log.push(
        `${context.path}: ${what}; wrote the project's default type ${JSON.stringify(context.project.defaultIssueType)}`,
      );
      return context.project.defaultIssueType;
    case 'ignore':
      break;
  }
  result.log.push(`${context.path}: ${what}; left as it is (unmatched: ignore)`);
  return undefined;
}

/**
 * The fallback of a `$user` intent: whether a person exists here is only known when the engine looks them up, so the
 * unmatched policy travels with the intent. `default`: the mapping's default person (found by the engine by e-mail
 * address or name, `id: null`); otherwise none (the engine leaves the field empty).
 */
function fallback(context: MappingContext): { fallback?: FieldUser } {
  const entry = context.mapping.unmatched === 'default' ? context.mapping.default[context.to] : undefined;
  if (entry === undefined) return {};
  const query = personEntry(entry);
  return { fallback: { id: null, displayName: query.displayName ?? entry, email: query.email } };
}
