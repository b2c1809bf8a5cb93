/**
 * The JQL syntax tree the emulator evaluates: a small, plain-data form of Atlassian's ANTLR parse tree
 * (see jql-syntax.ts), with strings unquoted and escapes resolved.
 */

/** Where a token starts, as Jira reports it: 1-based line and character. */
export interface JqlPosition {
  line: number;
  character: number;
}

/** A field reference: a name (`status`, `"Story points"`), `cf[10010]`, or a property path (`issue.property[key].path`). */
export interface JqlFieldRef {
  /** The name as written, unquoted (`cf[10010]` for custom field references). */
  name: string;
  /** Set for `cf[N]`. */
  customFieldId?: number;
  /** `[key]` arguments and `.path` suffixes after the name, for entity property clauses. */
  propertyKey?: string;
  propertyPath?: string[];
  position: JqlPosition;
}

export type JqlOperand =
  | { kind: 'empty'; position: JqlPosition }
  | { kind: 'value'; text: string; quoted: boolean; position: JqlPosition }
  | { kind: 'function'; name: string; args: string[]; position: JqlPosition }
  | { kind: 'list'; items: JqlOperand[]; position: JqlPosition };

export type JqlOperator =
  | '='
  | '!='
  | '~'
  | '!~'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'is'
  | 'is not'
  | 'was'
  | 'was not'
  | 'was in'
  | 'was not in'
  | 'changed';

export type JqlClause =
  | { type: 'and'; clauses: JqlClause[] }
  | { type: 'or'; clauses: JqlClause[] }
  | { type: 'not'; clause: JqlClause }
  | { type: 'terminal'; field: JqlFieldRef; operator: JqlOperator; operand: JqlOperand | null };

export interface JqlSort {
  field: JqlFieldRef;
  direction: 'asc' | 'desc' | null;
}

export interface JqlQuery {
  where: JqlClause | null;
  orderBy: JqlSort[] | null;
}
