import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The outcome of validating a value as ADF: `errors` are readable lines of the form `<JSON pointer>: <message>`. */
export type AdfValidationResult = { ok: true } | { ok: false; errors: string[] };

interface JsonSchemaDefinition {
  $ref?: string;
  properties?: { type?: { enum?: unknown[] } };
  allOf?: JsonSchemaDefinition[];
  anyOf?: JsonSchemaDefinition[];
}

interface AdfJsonSchema {
  definitions: Record<string, JsonSchemaDefinition>;
  [key: string]: unknown;
}

interface CompiledAdfSchema {
  validate: ValidateFunction;
  definitions: Record<string, JsonSchemaDefinition>;
  nodeTypes: Set<string>;
  markTypes: Set<string>;
}

const MAX_ERRORS = 20;

let compiled: CompiledAdfSchema | undefined;

/** Validates a value against the full ADF JSON schema published in `@atlaskit/adf-schema` (compiled once, on first use). */
export function validateAdf(doc: unknown): AdfValidationResult {
  const schema = compileAdfSchema();
  if (schema.validate(doc)) return { ok: true };
  return { ok: false, errors: describeErrors(schema, doc, schema.validate.errors ?? []) };
}

function compileAdfSchema(): CompiledAdfSchema {
  if (compiled !== undefined) return compiled;
  const require = createRequire(import.meta.url);
  const raw = require('@atlaskit/adf-schema/dist/json-schema/v1/full.json') as AdfJsonSchema;
  // The file declares draft-04; every keyword it uses means the same in Ajv's default draft-07, so only the
  // `$schema` marker (which Ajv would try to resolve) is dropped.
  const { $schema: _draft, ...schema } = raw;
  const ajv = new Ajv({ allErrors: false, strict: false, verbose: true });
  const nodeTypes = new Set<string>();
  const markTypes = new Set<string>();
  for (const [name, definition] of Object.entries(raw.definitions)) {
    for (const type of typesAccepted(raw.definitions, definition))
      (name.endsWith('_mark') ? markTypes : nodeTypes).add(type);
  }
  compiled = { validate: ajv.compile(schema), definitions: raw.definitions, nodeTypes, markTypes };
  return compiled;
}

/** The node or mark `type` values a schema (usually a `$ref` or an `anyOf` of them) accepts. */
function typesAccepted(
  definitions: Record<string, JsonSchemaDefinition>,
  schema: JsonSchemaDefinition,
  seen: Set<string> = new Set(),
): string[] {
  const types = (schema.properties?.type?.enum ?? []).filter((t): t is string => typeof t === 'string');
  const ref = schema.$ref?.replace(/^#\/definitions\//, '');
  if (ref !== undefined && !seen.has(ref)) {
    seen.add(ref);
    const target = definitions[ref];
    if (target !== undefined) types.push(...typesAccepted(definitions, target, seen));
  }
  for (const part of [...(schema.allOf ?? []), ...(schema.anyOf ?? [])])
    types.push(...typesAccepted(definitions, part, seen));
  return types;
}

/**
 * ADF's schema is one big `anyOf` per content slot, so Ajv reports a failure for every branch it tried. The readable
 * explanation is, in order: a node or mark type the schema does not know; a known type where the slot does not allow
 * it; otherwise the failures found deepest in the document, which are the ones inside the branch that matched.
 */
function describeErrors(schema: CompiledAdfSchema, doc: unknown, errors: readonly ErrorObject[]): string[] {
  const typeLines = new Set<string>();
  for (const error of errors) {
    const subject = nearestTypedObject(doc, error.instancePath);
    if (subject === undefined) continue;
    const isMark = /\/marks\/\d+$/.test(subject.path);
    const kind = isMark ? 'mark' : 'node';
    if (!(isMark ? schema.markTypes : schema.nodeTypes).has(subject.type)) {
      typeLines.add(`${pointer(subject.path)}: unknown ${kind} type "${subject.type}"`);
      continue;
    }
    if (error.keyword !== 'anyOf' || subject.path !== error.instancePath) continue;
    const allowed = new Set(typesAccepted(schema.definitions, { anyOf: error.schema as JsonSchemaDefinition[] }));
    if (!allowed.has(subject.type)) {
      const expected = [...allowed].sort().join(', ');
      typeLines.add(
        `${pointer(subject.path)}: ${kind} type "${subject.type}" is not allowed here (expected one of: ${expected})`,
      );
    }
  }
  if (typeLines.size > 0) return [...typeLines].slice(0, MAX_ERRORS);
  const specific = errors.filter((error) => !isDiscriminatorError(error) && error.keyword !== 'anyOf');
  const candidates = specific.length > 0 ? specific : errors;
  const deepest = Math.max(...candidates.map((error) => depth(error.instancePath)));
  const lines = new Set(candidates.filter((error) => depth(error.instancePath) === deepest).map(formatError));
  return [...lines].slice(0, MAX_ERRORS);
}

/** A failed `type` enum only says that Ajv tried a branch written for another node or mark type. */
function isDiscriminatorError(error: ErrorObject): boolean {
  return error.keyword === 'enum' && error.instancePath.endsWith('/type');
}

function depth(path: string): number {
  return path === '' ? 0 : path.split('/').length - 1;
}

function formatError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  let detail = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') detail += ` ("${String(params['additionalProperty'])}")`;
  if (error.keyword === 'enum') detail += `: ${JSON.stringify(params['allowedValues'])}`;
  return `${pointer(error.instancePath)}: ${detail}`;
}

function pointer(path: string): string {
  return path === '' ? '/' : path;
}

/** Walks `path` (a JSON pointer) into `root` and returns the deepest object on the way that has a string `type`. */
function nearestTypedObject(root: unknown, path: string): { path: string; type: string } | undefined {
  const segments = path === '' ? [] : path.slice(1).split('/');
  let current: unknown = root;
  let found: { path: string; type: string } | undefined;
  let walked = '';
  for (let i = 0; ; i++) {
    if (typeof current === 'object' && current !== null) {
      const type = (current as Record<string, unknown>)['type'];
      if (typeof type === 'string') found = { path: walked, type };
    }
    const segment = segments[i];
    if (segment === undefined || typeof current !== 'object' || current === null) return found;
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    current = (current as Record<string, unknown>)[key];
    walked += `/${segment}`;
  }
}
