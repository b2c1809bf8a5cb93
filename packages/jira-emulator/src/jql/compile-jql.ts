/**
 * Compiles JQL into a matcher and a comparator over the emulator's issues, with Jira's semantics where a sync
 * engine can tell the difference: `!=` and `NOT IN` never match an empty field, `NOT (...)` does; dates are read in
 * the searcher's time zone; users are accountIds on Cloud and usernames on Data Center; restricted comments are
 * searched only for users who may read them. Errors are Jira's 400 answers. Compiled queries are cached per
 * (query, searcher) and per shape of the instance's configuration.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import type { Issue, User } from '../model/types.ts';
import type { JqlClause, JqlOperand, JqlOperator, JqlQuery } from './jql-ast.ts';
import {
  DATE_FUNCTIONS,
  evaluateDateFunction,
  invalidDateMessage,
  localDate,
  parseDateLiteral,
  type JqlInstant,
} from './jql-dates.ts';
import { jqlError, operatorNotSupported, unknownFunction } from './jql-errors.ts';
import {
  EMPTY_VALUE,
  issueKeySortValue,
  resolveJqlField,
  sortValueOf,
  type JqlEnv,
  type JqlField,
} from './jql-fields.ts';
import { parseJql } from './jql-syntax.ts';
import { compileTextQuery } from './jql-text-match.ts';

/** A query ready to run: `matches` at the clock's current time, `compare` for ORDER BY (or Jira's default). */
export interface CompiledJql {
  readonly jql: string;
  /** Whether the query restricts the result (Cloud's enhanced search refuses unbounded queries). */
  readonly bounded: boolean;
  matches(issue: Issue, now?: number): boolean;
  compare(a: Issue, b: Issue): number;
}

type Predicate = (issue: Issue, now: number) => boolean;

const FUNCTIONS_FOR_USERS = new Set(['currentuser', 'membersof']);
const KNOWN_FUNCTIONS = new Set([...DATE_FUNCTIONS, ...FUNCTIONS_FOR_USERS]);

function operatorLabel(operator: JqlOperator): string {
  return /^[a-z ]+$/.test(operator) ? operator.toUpperCase() : operator;
}

/** Operand items as a flat list (a list operand's items, or the operand itself). */
function items(operand: JqlOperand): JqlOperand[] {
  return operand.kind === 'list' ? operand.items.flatMap(items) : [operand];
}

function checkFunction(
  operand: JqlOperand & { kind: 'function' },
  field: JqlField,
  allowed: ReadonlySet<string>,
): string {
  const lower = operand.name.toLowerCase();
  if (!KNOWN_FUNCTIONS.has(lower)) throw unknownFunction(operand.name);
  if (!allowed.has(lower))
    throw jqlError(`A value provided by the function '${operand.name}' is invalid for the field '${field.name}'.`);
  return lower;
}

/** Internal values for the equality family; `empty` is set when EMPTY is among the operands. */
function resolveEquality(
  env: JqlEnv,
  field: JqlField & { kind: 'equality' },
  operand: JqlOperand,
): { values: Set<string>; empty: boolean } {
  const values = new Set<string>();
  let empty = false;
  for (const item of items(operand)) {
    if (item.kind === 'empty') empty = true;
    else if (item.kind === 'value')
      for (const value of field.resolve(item.text)) {
        if (value === EMPTY_VALUE) empty = true;
        else values.add(value);
      }
    else if (item.kind === 'function') {
      const name = checkFunction(item, field, field.userField ? FUNCTIONS_FOR_USERS : new Set());
      if (name === 'currentuser') values.add(env.viewer.accountId);
      else {
        const group = item.args[0] ?? '';
        if (!env.ctx.state.data.groups.some((candidate) => candidate.name.toLowerCase() === group.toLowerCase())) {
          throw jqlError(
            `Function 'membersOf' can not generate a list of usernames for group '${group}'; the group does not exist.`,
          );
        }
        for (const user of env.ctx.state.data.users)
          if (env.ctx.state.userInGroup(user, group)) values.add(user.accountId);
      }
    }
  }
  return { values, empty };
}

function compileEquality(
  env: JqlEnv,
  field: JqlField & { kind: 'equality' },
  operator: JqlOperator,
  operand: JqlOperand,
): Predicate {
  const { values, empty } = resolveEquality(env, field, operand);
  const hit = (issue: Issue) => field.values(issue).some((value) => values.has(value));
  switch (operator) {
    case '=':
    case 'in':
    case 'is':
      return (issue) => (field.values(issue).length === 0 ? empty : hit(issue));
    case '!=':
    case 'not in':
    case 'is not':
      // Jira's negative operators never return issues where the field is empty.
      return (issue) => field.values(issue).length > 0 && !hit(issue);
    default: {
      const { rank } = field;
      if (!rank) throw operatorNotSupported(operatorLabel(operator), field.name);
      const bounds = [...values].map(rank).filter((value): value is number => value !== undefined);
      const bound = bounds[0];
      if (bound === undefined) return () => false;
      const keyField = field.id === 'issuekey' || field.id === 'parent';
      const boundProject = keyField ? env.ctx.state.issueById([...values][0] ?? '')?.projectId : undefined;
      return (issue) => {
        const own = field.values(issue)[0];
        if (own === undefined) return false;
        if (keyField && env.ctx.state.issueById(own)?.projectId !== boundProject) return false;
        const value = rank(own);
        if (value === undefined) return false;
        return compareWith(operator, value, bound);
      };
    }
  }
}

function compareWith(operator: JqlOperator, value: number | string, bound: number | string): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '=':
    case 'in':
      return value === bound;
    case '!=':
    case 'not in':
      return value !== bound;
    default:
      return false;
  }
}

/** A scalar operand (date, number) resolved per evaluation, since relative dates move with the clock. */
type Scalar<T> = (now: number) => T;

function compileScalar<T extends number | string>(
  field: JqlField,
  operator: JqlOperator,
  operand: JqlOperand,
  read: (issue: Issue) => T | null,
  resolveItem: (item: JqlOperand) => Scalar<T> | 'empty',
): Predicate {
  const resolved = items(operand).map(resolveItem);
  const empty = resolved.includes('empty');
  const scalars = resolved.filter((item): item is Scalar<T> => item !== 'empty');
  switch (operator) {
    case 'is':
      return (issue) => read(issue) === null;
    case 'is not':
      return (issue) => read(issue) !== null;
    case '=':
    case 'in':
      return (issue, now) => {
        const value = read(issue);
        if (value === null) return empty;
        return scalars.some((scalar) => scalar(now) === value);
      };
    case '!=':
    case 'not in':
      return (issue, now) => {
        const value = read(issue);
        if (value === null) return false;
        return !scalars.some((scalar) => scalar(now) === value);
      };
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const scalar = scalars[0];
      if (!scalar) return () => false;
      return (issue, now) => {
        const value = read(issue);
        return value !== null && compareWith(operator, value, scalar(now));
      };
    }
    default:
      throw operatorNotSupported(operatorLabel(operator), field.name);
  }
}

function dateOperand(env: JqlEnv, field: JqlField, item: JqlOperand): ((now: number) => JqlInstant) | 'empty' {
  const timeZone = env.viewer.timeZone;
  if (item.kind === 'empty') return 'empty';
  if (item.kind === 'function') {
    checkFunction(item, field, DATE_FUNCTIONS);
    const probe = evaluateDateFunction(item.name, item.args, env.ctx.clock.now(), timeZone);
    if (probe === undefined)
      throw jqlError(`Unable to parse the increment '${item.args[0] ?? ''}' of the function '${item.name}'.`);
    return (now) => ({ ms: evaluateDateFunction(item.name, item.args, now, timeZone) ?? now, absolute: false });
  }
  if (item.kind === 'value') {
    const text = item.text;
    if (parseDateLiteral(text, 0, timeZone) === undefined) throw jqlError(invalidDateMessage(text, field.name));
    return (now) => parseDateLiteral(text, now, timeZone) ?? { ms: now, absolute: false };
  }
  throw jqlError(invalidDateMessage(item.position.character.toString(), field.name));
}

function compileClause(env: JqlEnv, clause: JqlClause): Predicate {
  switch (clause.type) {
    case 'and': {
      const parts = clause.clauses.map((part) => compileClause(env, part));
      return (issue, now) => parts.every((part) => part(issue, now));
    }
    case 'or': {
      const parts = clause.clauses.map((part) => compileClause(env, part));
      return (issue, now) => parts.some((part) => part(issue, now));
    }
    case 'not': {
      const inner = compileClause(env, clause.clause);
      return (issue, now) => !inner(issue, now);
    }
    case 'terminal':
      return compileTerminal(env, clause);
  }
}

function compileTerminal(env: JqlEnv, clause: JqlClause & { type: 'terminal' }): Predicate {
  const field = resolveJqlField(env, clause.field);
  const { operator } = clause;
  if (operator.startsWith('was') || operator === 'changed') {
    throw jqlError(`The emulator does not support the '${operatorLabel(operator)}' operator (history search).`);
  }
  const operand = clause.operand;
  if (!operand)
    throw jqlError(`Error in the JQL Query: Expecting either a value, list or function before the end of the query.`);
  // `field = EMPTY` / `field != EMPTY` are IS / IS NOT.
  const effective: JqlOperator =
    operand.kind === 'empty' && operator === '='
      ? 'is'
      : operand.kind === 'empty' && operator === '!='
        ? 'is not'
        : operator;

  switch (field.kind) {
    case 'equality':
      if (effective === '~' || effective === '!~') throw operatorNotSupported(operator, field.name);
      return compileEquality(env, field, effective, operand);
    case 'text': {
      if (effective === 'is') return (issue) => field.words(issue).every((words) => words.length === 0);
      if (effective === 'is not') return (issue) => field.words(issue).some((words) => words.length > 0);
      if (effective !== '~' && effective !== '!~') throw operatorNotSupported(operatorLabel(operator), field.name);
      if (effective === '!~' && field.containsOnly) throw operatorNotSupported(operator, field.name);
      if (operand.kind !== 'value')
        throw jqlError(
          `The operator '${operator}' does not support the operand '${operand.kind === 'function' ? `${operand.name}()` : 'EMPTY'}' for the field '${field.name}'.`,
        );
      const query = compileTextQuery(operand.text);
      if (effective === '~') return (issue) => field.words(issue).some((words) => query.matches(words));
      return (issue) => {
        const texts = field.words(issue).filter((words) => words.length > 0);
        return texts.length > 0 && !texts.some((words) => query.matches(words));
      };
    }
    case 'datetime': {
      if (effective === '~' || effective === '!~') throw operatorNotSupported(operator, field.name);
      // Absolute dates have minute precision: compare the issue's time truncated to the minute.
      if (!DATE_OPERATORS.has(effective)) throw operatorNotSupported(operatorLabel(operator), field.name);
      const resolvedItems = items(operand).map((item) => dateOperand(env, field, item));
      const empty = resolvedItems.includes('empty');
      const bounds = resolvedItems.filter((item): item is (now: number) => JqlInstant => item !== 'empty');
      return (issue, now) =>
        datetimeMatch(
          effective,
          field.instant(issue),
          bounds.map((bound) => bound(now)),
          empty,
        );
    }
    case 'date': {
      if (effective === '~' || effective === '!~') throw operatorNotSupported(operator, field.name);
      const timeZone = env.viewer.timeZone;
      return compileScalar<string>(field, effective, operand, field.day, (item) => {
        const instant = dateOperand(env, field, item);
        if (instant === 'empty') return 'empty';
        return (now) => localDate(instant(now).ms, timeZone);
      });
    }
    case 'number': {
      if (effective === '~' || effective === '!~') throw operatorNotSupported(operator, field.name);
      return compileScalar<number>(field, effective, operand, field.number, (item) => {
        if (item.kind === 'empty') return 'empty';
        if (item.kind !== 'value' || !/^-?\d+(\.\d+)?$/.test(item.text)) {
          throw jqlError(
            `The value '${item.kind === 'value' ? item.text : item.kind}' is not a valid number for the field '${field.name}'.`,
          );
        }
        const value = Number(item.text);
        return () => value;
      });
    }
    case 'property': {
      const wanted = items(operand);
      const empty = wanted.some((item) => item.kind === 'empty');
      const texts = wanted.flatMap((item) => (item.kind === 'value' ? [item.text] : []));
      const equal = (value: unknown, text: string) =>
        typeof value === 'number' ? value === Number(text) : String(value).toLowerCase() === text.toLowerCase();
      const hit = (issue: Issue) => field.values(issue).some((value) => texts.some((text) => equal(value, text)));
      switch (effective) {
        case '=':
        case 'in':
        case 'is':
          return (issue) => (field.values(issue).length === 0 ? empty : hit(issue));
        case '!=':
        case 'not in':
        case 'is not':
          return (issue) => field.values(issue).length > 0 && !hit(issue);
        case '~':
          return (issue) =>
            field
              .values(issue)
              .some((value) => texts.some((text) => String(value).toLowerCase().includes(text.toLowerCase())));
        case '<':
        case '<=':
        case '>':
        case '>=': {
          const bound = texts[0];
          if (bound === undefined) return () => false;
          const numeric = /^-?\d+(\.\d+)?$/.test(bound);
          return (issue) =>
            field
              .values(issue)
              .some((value) =>
                numeric && typeof value === 'number'
                  ? compareWith(effective, value, Number(bound))
                  : compareWith(effective, String(value), bound),
              );
        }
        default:
          throw operatorNotSupported(operatorLabel(operator), field.name);
      }
    }
  }
}

const MINUTE = 60_000;
const DATE_OPERATORS = new Set<JqlOperator>(['=', '!=', 'in', 'not in', 'is', 'is not', '<', '<=', '>', '>=']);

function datetimeMatch(operator: JqlOperator, instant: number | null, bounds: JqlInstant[], empty: boolean): boolean {
  if (operator === 'is') return instant === null;
  if (operator === 'is not') return instant !== null;
  if (instant === null) return (operator === '=' || operator === 'in') && empty;
  const valueFor = (bound: JqlInstant) => (bound.absolute ? Math.floor(instant / MINUTE) * MINUTE : instant);
  switch (operator) {
    case '=':
    case 'in':
      return bounds.some((bound) => valueFor(bound) === bound.ms);
    case '!=':
    case 'not in':
      return !bounds.some((bound) => valueFor(bound) === bound.ms);
    default: {
      const bound = bounds[0];
      return bound !== undefined && compareWith(operator, valueFor(bound), bound.ms);
    }
  }
}

const NOT_SORTABLE = new Set(['description', 'environment', 'comment', 'text']);

/** Jira's order when the query has none: issue key, newest first. */
function defaultCompare(a: Issue, b: Issue): number {
  const left = issueKeySortValue(a.key);
  const right = issueKeySortValue(b.key);
  return left < right ? 1 : left > right ? -1 : 0;
}

function compileOrder(env: JqlEnv, query: JqlQuery): (a: Issue, b: Issue) => number {
  if (!query.orderBy || query.orderBy.length === 0) return defaultCompare;
  const sorts = query.orderBy.map((sort) => {
    const lower = sort.field.name.toLowerCase();
    if (lower === 'rank') {
      // The emulator has no ranking; Jira's rank order starts as creation order.
      return {
        read: (issue: Issue) => Number(issue.id) as number | string | null,
        direction: sort.direction === 'desc' ? -1 : 1,
      };
    }
    const field = resolveJqlField(env, sort.field);
    const read = sortValueOf(field);
    if (NOT_SORTABLE.has(field.id) || !read) throw jqlError(`Not able to sort using field '${sort.field.name}'.`);
    return { read, direction: sort.direction === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { read, direction } of sorts) {
      const left = read(a);
      const right = read(b);
      if (left === right) continue;
      // EMPTY sorts after every value ascending (and first descending), as in Jira.
      if (left === null) return direction;
      if (right === null) return -direction;
      return (left < right ? -1 : 1) * direction;
    }
    return Number(a.id) - Number(b.id);
  };
}

/** Compiles a parsed query for a searcher; throws JiraError 400 for unknown fields, values and functions. */
export function compileParsedJql(ctx: EmulatorContext, viewer: User, jql: string, query: JqlQuery): CompiledJql {
  const env: JqlEnv = { ctx, viewer };
  const predicate = query.where ? compileClause(env, query.where) : () => true;
  const compare = compileOrder(env, query);
  return {
    jql,
    bounded: query.where !== null,
    matches: (issue, now = ctx.clock.now()) => predicate(issue, now),
    compare,
  };
}

/** The query's syntax tree, or a JiraError 400 with Jira's syntax error message. */
export function parseJqlOrThrow(jql: string): JqlQuery {
  const parsed = parseJql(jql);
  if (!parsed.ok) throw jqlError(...parsed.errors.slice(0, 1).map((error) => error.message));
  return parsed.query;
}

interface CacheEntry {
  signature: string;
  compiled: CompiledJql;
}

const CACHE_LIMIT = 500;
const caches = new WeakMap<EmulatorContext, Map<string, CacheEntry>>();

/** Changes whenever something a compiled query resolved names against may have changed. */
function configurationSignature(ctx: EmulatorContext): string {
  const data = ctx.state.data;
  let versions = 0;
  let components = 0;
  for (const project of data.projects) {
    versions += project.versions.length;
    components += project.components.length;
  }
  return [
    data.projects.length,
    data.users.length,
    data.groups.length,
    data.statuses.length,
    data.issueTypes.length,
    data.priorities.length,
    data.resolutions.length,
    data.customFields.length,
    versions,
    components,
  ].join(':');
}

/**
 * Parses and compiles JQL for `viewer` (cached per query, viewer, time zone and configuration shape).
 * Throws JiraError 400 with Jira's messages for bad syntax, unknown fields, values, functions or operators.
 */
export function compileJql(ctx: EmulatorContext, viewer: User, jql: string): CompiledJql {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new Map();
    caches.set(ctx, cache);
  }
  const key = `${viewer.accountId}\u0000${viewer.timeZone}\u0000${[...viewer.groups].join(',')}\u0000${jql}`;
  const signature = configurationSignature(ctx);
  const hit = cache.get(key);
  if (hit && hit.signature === signature) return hit.compiled;
  const compiled = compileParsedJql(ctx, viewer, jql, parseJqlOrThrow(jql));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, { signature, compiled });
  return compiled;
}
