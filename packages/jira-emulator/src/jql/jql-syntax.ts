/**
 * JQL syntax with Atlassian's own grammar (`@atlaskit/jql-parser`, an antlr4ts lexer and parser): parses a query,
 * collects syntax errors with an error listener, words the first one as Jira does ("Error in the JQL Query: ..."),
 * and turns the parse tree into the plain syntax tree of jql-ast.ts.
 */
import { CharStreams, CommonTokenStream, type ANTLRErrorListener, type Token } from 'antlr4ts';
import { JQLLexer } from '@atlaskit/jql-parser/JQLLexer';
import {
  JQLParser,
  JqlChangedClauseContext,
  JqlComparisonClauseContext,
  JqlEqualsClauseContext,
  JqlInClauseContext,
  JqlIsClauseContext,
  JqlLikeClauseContext,
  JqlNonNumberFieldContext,
  JqlNumberFieldContext,
  JqlWasClauseContext,
  JqlWasInClauseContext,
  type JqlAndClauseContext,
  type JqlArgumentContext,
  type JqlFieldContext,
  type JqlFunctionContext,
  type JqlListContext,
  type JqlNotClauseContext,
  type JqlNumberContext,
  type JqlOperandContext,
  type JqlOrClauseContext,
  type JqlQueryContext,
  type JqlStringContext,
  type JqlTerminalClauseContext,
  type JqlValueContext,
} from '@atlaskit/jql-parser/JQLParser';
import type { JqlClause, JqlFieldRef, JqlOperand, JqlOperator, JqlPosition, JqlQuery, JqlSort } from './jql-ast.ts';

/** One syntax error: Jira's wording and where it is (1-based). */
export interface JqlSyntaxError {
  message: string;
  line: number;
  character: number;
}

export type JqlParseResult = { ok: true; query: JqlQuery } | { ok: false; errors: JqlSyntaxError[] };

const OPERATORS_HINT =
  "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

function tokenDescription(token: Token): string {
  return token.type === JQLParser.EOF ? 'end of query' : (token.text ?? '');
}

function unicodeEscape(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** Jira's wording of a syntax error at `token`, given what the parser expected there. */
function describeSyntaxError(parser: JQLParser, token: Token): string {
  const text = token.text ?? '';
  const where = `(line ${token.line}, character ${token.charPositionInLine + 1})`;
  switch (token.type) {
    case JQLParser.ERRORCHAR:
    case JQLParser.ERROR_RESERVED:
    case JQLParser.RESERVED_WORD:
      if (!/^[\p{L}\p{N}_]+$/u.test(text)) {
        return `Error in the JQL Query: The character '${text.charAt(0)}' is a reserved JQL character. You must enclose it in a string or use the escape '${unicodeEscape(text)}' instead. ${where}`;
      }
      return `Error in the JQL Query: '${text}' is a reserved JQL word. You must surround it in quotation marks to use it in a query. ${where}`;
    case JQLParser.UNCLOSED_QUOTE_STRING:
    case JQLParser.UNCLOSED_SQUOTE_STRING:
      return `Error in the JQL Query: The quoted string '${text.slice(1)}' has not been completed. ${where}`;
    case JQLParser.INVALID_QUOTE_STRING:
    case JQLParser.INVALID_SQUOTE_STRING:
      return `Error in the JQL Query: The quoted string ${text} contains an illegal escape sequence. ${where}`;
    default:
      break;
  }
  const expected = parser.getExpectedTokens();
  const atEnd = token.type === JQLParser.EOF;
  const got = atEnd ? 'before the end of the query.' : `but got '${tokenDescription(token)}'.`;
  const suffix = atEnd ? '' : ` ${where}`;
  if (expected.contains(JQLParser.EQUALS) || expected.contains(JQLParser.LIKE) || expected.contains(JQLParser.IN)) {
    return `Error in the JQL Query: Expecting operator ${got} ${OPERATORS_HINT}${suffix}`;
  }
  if (
    expected.contains(JQLParser.EMPTY) ||
    (expected.contains(JQLParser.LPAREN) && expected.contains(JQLParser.STRING) && !expected.contains(JQLParser.NOT))
  ) {
    return `Error in the JQL Query: Expecting either a value, list or function ${got}${suffix}`;
  }
  if (expected.contains(JQLParser.AND) || expected.contains(JQLParser.OR) || expected.contains(JQLParser.EOF)) {
    return `Error in the JQL Query: Expecting either 'OR' or 'AND' ${got}${suffix}`;
  }
  if (expected.contains(JQLParser.RPAREN) && !expected.contains(JQLParser.STRING)) {
    return `Error in the JQL Query: Expecting ')' ${got}${suffix}`;
  }
  if (expected.contains(JQLParser.BY) && !expected.contains(JQLParser.STRING)) {
    return `Error in the JQL Query: Expecting 'by' ${got}${suffix}`;
  }
  if (expected.contains(JQLParser.STRING) || expected.contains(JQLParser.CUSTOMFIELD)) {
    return `Error in the JQL Query: Expecting a field name ${got}${suffix}`;
  }
  return `Error in the JQL Query: The JQL query is not valid near '${tokenDescription(token)}'.${suffix}`;
}

/** Resolves JQL escapes (`\"`, `\\`, `\n`, `\t`, `\r`, `\uXXXX`, `\ ` and any `\X`). */
export function unescapeJql(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/gs, (_whole, escape: string) => {
    if (escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (escape === 'n') return '\n';
    if (escape === 't') return '\t';
    if (escape === 'r') return '\r';
    return escape;
  });
}

function positionOf(token: Token): JqlPosition {
  return { line: token.line, character: token.charPositionInLine + 1 };
}

function stringText(context: JqlStringContext): { text: string; quoted: boolean } {
  const raw = context.text;
  if (context.QUOTE_STRING() ?? context.SQUOTE_STRING()) return { text: unescapeJql(raw.slice(1, -1)), quoted: true };
  return { text: unescapeJql(raw), quoted: false };
}

function numberText(context: JqlNumberContext): string {
  return context.text;
}

function argumentText(context: JqlArgumentContext): string {
  const string = context.jqlString();
  if (string) return stringText(string).text;
  const number = context.jqlNumber();
  return number ? numberText(number) : context.text;
}

function buildField(context: JqlFieldContext): JqlFieldRef {
  const position = positionOf(context.start);
  if (context instanceof JqlNumberFieldContext) return { name: numberText(context.jqlNumber()), position };
  if (!(context instanceof JqlNonNumberFieldContext)) return { name: context.text, position };
  const custom = context.jqlCustomField();
  const field: JqlFieldRef = custom
    ? { name: `cf[${custom.POSNUMBER().text}]`, customFieldId: Number(custom.POSNUMBER().text), position }
    : {
        name: stringText(
          context.jqlString() ??
            (() => {
              throw new Error('field without a name');
            })(),
        ).text,
        position,
      };
  const properties = context.jqlFieldProperty();
  if (properties.length > 0) {
    const first = properties[0];
    const key = first?.jqlArgument();
    if (key) field.propertyKey = argumentText(key);
    const path: string[] = [];
    for (const property of properties) {
      for (const part of property.jqlPropertyArgument()) {
        path.push(
          ...argumentText(part.jqlArgument())
            .split('.')
            .filter((segment) => segment.length > 0),
        );
      }
    }
    field.propertyPath = path;
  }
  return field;
}

function buildValue(context: JqlValueContext): JqlOperand {
  const position = positionOf(context.start);
  const string = context.jqlString();
  if (string) return { kind: 'value', ...stringText(string), position };
  return { kind: 'value', text: context.text, quoted: false, position };
}

function buildFunction(context: JqlFunctionContext): JqlOperand {
  const nameContext = context.jqlFunctionName();
  const nameString = nameContext.jqlString();
  const name = nameString ? stringText(nameString).text : nameContext.text;
  const args = context.jqlArgumentList()?.jqlArgument().map(argumentText) ?? [];
  return { kind: 'function', name, args, position: positionOf(context.start) };
}

function buildList(context: JqlListContext): JqlOperand {
  return { kind: 'list', items: context.jqlOperand().map(buildOperand), position: positionOf(context.start) };
}

function buildOperand(context: JqlOperandContext): JqlOperand {
  const empty = context.jqlEmpty();
  if (empty) return { kind: 'empty', position: positionOf(empty.start) };
  const value = context.jqlValue();
  if (value) return buildValue(value);
  const fn = context.jqlFunction();
  if (fn) return buildFunction(fn);
  const list = context.jqlList();
  if (list) return buildList(list);
  throw new Error(`unexpected operand ${context.text}`);
}

interface OperandParts {
  jqlEmpty?(): { start: Token } | undefined;
  jqlValue?(): JqlValueContext | undefined;
  jqlFunction(): JqlFunctionContext | undefined;
  jqlList?(): JqlListContext | undefined;
}

function operandOf(parts: OperandParts): JqlOperand | null {
  const empty = parts.jqlEmpty?.();
  if (empty) return { kind: 'empty', position: positionOf(empty.start) };
  const value = parts.jqlValue?.();
  if (value) return buildValue(value);
  const fn = parts.jqlFunction();
  if (fn) return buildFunction(fn);
  const list = parts.jqlList?.();
  if (list) return buildList(list);
  return null;
}

function buildTerminal(context: JqlTerminalClauseContext): JqlClause {
  const field = buildField(context.jqlField());
  const rhs = context.jqlTerminalClauseRhs();
  let operator: JqlOperator;
  let operand: JqlOperand | null;
  if (rhs instanceof JqlEqualsClauseContext) {
    operator = rhs.jqlEqualsOperator().NOT_EQUALS() ? '!=' : '=';
    operand = operandOf(rhs);
  } else if (rhs instanceof JqlLikeClauseContext) {
    operator = rhs.jqlLikeOperator().NOT_LIKE() ? '!~' : '~';
    operand = operandOf(rhs);
  } else if (rhs instanceof JqlComparisonClauseContext) {
    const op = rhs.jqlComparisonOperator();
    operator = op.LT() ? '<' : op.GT() ? '>' : op.LTEQ() ? '<=' : '>=';
    operand = operandOf(rhs);
  } else if (rhs instanceof JqlInClauseContext) {
    operator = rhs.jqlInOperator().NOT() ? 'not in' : 'in';
    operand = operandOf(rhs);
  } else if (rhs instanceof JqlIsClauseContext) {
    operator = rhs.jqlIsOperator().NOT() ? 'is not' : 'is';
    operand = { kind: 'empty', position: positionOf(rhs.jqlEmpty().start) };
  } else if (rhs instanceof JqlWasClauseContext) {
    operator = rhs.jqlWasOperator().NOT() ? 'was not' : 'was';
    operand = operandOf(rhs);
  } else if (rhs instanceof JqlWasInClauseContext) {
    operator = rhs.jqlWasInOperator().NOT() ? 'was not in' : 'was in';
    operand = operandOf(rhs);
  } else if (rhs instanceof JqlChangedClauseContext) {
    operator = 'changed';
    operand = null;
  } else {
    throw new Error(`unexpected clause ${context.text}`);
  }
  return { type: 'terminal', field, operator, operand };
}

function buildNot(context: JqlNotClauseContext): JqlClause {
  const inner = context.jqlNotClause();
  if (inner) return { type: 'not', clause: buildNot(inner) };
  const sub = context.jqlSubClause();
  if (sub) return buildOr(sub.jqlOrClause());
  const terminal = context.jqlTerminalClause();
  if (terminal) return buildTerminal(terminal);
  throw new Error(`unexpected clause ${context.text}`);
}

function buildAnd(context: JqlAndClauseContext): JqlClause {
  const clauses = context.jqlNotClause().map(buildNot);
  return clauses.length === 1 && clauses[0] ? clauses[0] : { type: 'and', clauses };
}

function buildOr(context: JqlOrClauseContext): JqlClause {
  const clauses = context.jqlAndClause().map(buildAnd);
  return clauses.length === 1 && clauses[0] ? clauses[0] : { type: 'or', clauses };
}

function buildQuery(context: JqlQueryContext): JqlQuery {
  const where = context.jqlWhere();
  const orderBy = context.jqlOrderBy();
  const sorts: JqlSort[] | null = orderBy
    ? orderBy.jqlSearchSort().map((sort) => ({
        field: buildField(sort.jqlField()),
        direction: sort.DESC() ? 'desc' : sort.ASC() ? 'asc' : null,
      }))
    : null;
  return { where: where ? buildOr(where.jqlOrClause()) : null, orderBy: sorts };
}

/** Parses a JQL query with Atlassian's grammar: the syntax tree, or every syntax error in Jira's words. */
export function parseJql(jql: string): JqlParseResult {
  const errors: JqlSyntaxError[] = [];
  const lexer = new JQLLexer(CharStreams.fromString(jql));
  lexer.removeErrorListeners();
  lexer.addErrorListener({
    syntaxError: (_recognizer, _symbol, line, charPositionInLine) => {
      errors.push({
        message: `Error in the JQL Query: The JQL query is not valid. (line ${line}, character ${charPositionInLine + 1})`,
        line,
        character: charPositionInLine + 1,
      });
    },
  });
  const parser = new JQLParser(new CommonTokenStream(lexer));
  parser.removeErrorListeners();
  const listener: ANTLRErrorListener<Token> = {
    syntaxError: (_recognizer, symbol, line, charPositionInLine) => {
      const message = symbol
        ? describeSyntaxError(parser, symbol)
        : `Error in the JQL Query: The JQL query is not valid. (line ${line}, character ${charPositionInLine + 1})`;
      errors.push({ message, line, character: charPositionInLine + 1 });
    },
  };
  parser.addErrorListener(listener);
  const tree = parser.jqlQuery();
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, query: buildQuery(tree) };
}

/** Whether Atlassian's grammar accepts the query (no lexer or parser error). */
export function isValidJqlSyntax(jql: string): boolean {
  return parseJql(jql).ok;
}
