/**
 * Checking the emulator's responses against Atlassian's official OpenAPI documents: find the documented operation,
 * pick the response schema for the status, validate with ajv (OpenAPI 3.0 `nullable`, formats), with the known
 * document defects of `spec-defects.ts` allowed for. Each response schema is compiled once per process.
 */
import { AssertionError } from 'node:assert';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { JiraFlavor } from './jira-flavor.ts';
import { loadJiraSpec, type SpecResponse, type SpecSchema } from './jira-spec-document.ts';
import { jsonTypeOf } from './json-key-path.ts';
import {
  JIRA_DATE_TIME,
  RESPONSE_SHAPE_DEFECTS,
  SCHEMA_PATCHES,
  UNDOCUMENTED_STATUSES,
  type ResponseWrap,
} from './spec-defects.ts';
import { findOperation, type FoundOperation } from './spec-route-lookup.ts';

export type { JiraFlavor } from './jira-flavor.ts';
export { JIRA_FLAVORS } from './jira-flavor.ts';
export { loadJiraSpec } from './jira-spec-document.ts';
export { findOperation, specHasRoute, listSpecRoutes, type FoundOperation } from './spec-route-lookup.ts';
export { assertHasKeys, missingKeys } from './required-keys.ts';

/** Outcome of validating one response: `ok` with no errors, or readable errors (`fields.summary: must be string, got number`). */
export interface ResponseValidation {
  readonly ok: boolean;
  readonly errors: string[];
  /** The documented operation the request matched; undefined when the document has none. */
  readonly operation: FoundOperation | undefined;
  /** Which documented response was used: `200`, `2XX` or `default`; undefined when none applies. */
  readonly responseKey?: string;
}

// ajv-formats is CommonJS whose typings declare `export default`; under NodeNext the default import is typed as the
// module object although at run time it is the plugin function itself.
type FormatsPluginFunction = (ajv: Ajv, options?: { keywords?: boolean }) => Ajv;
const addFormats =
  (addFormatsPlugin as unknown as { default?: FormatsPluginFunction }).default ??
  (addFormatsPlugin as unknown as FormatsPluginFunction);

const SPEC_SCHEMA_ID: Readonly<Record<JiraFlavor, string>> = {
  cloud: 'https://tandem.invalid/jira-cloud-platform-v3.json',
  datacenter: 'https://tandem.invalid/jira-software-dc-10.3.json',
};

/** Deep copy of a JSON value with `$ref`s to component schemas rewritten to point into `documentId`. */
function withAbsoluteRefs(node: unknown, documentId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => withAbsoluteRefs(item, documentId));
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? documentId + value
        : withAbsoluteRefs(value, documentId);
  }
  return copy;
}

/** ajv refuses `nullable` without `type` (the Cloud document has a few); drop it there, it adds nothing. */
function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(dropUntypedNullable);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if ('nullable' in record && !('type' in record)) delete record['nullable'];
  for (const [key, value] of Object.entries(record)) {
    // Examples and enums are data, not schemas.
    if (key !== 'example' && key !== 'enum' && key !== 'default') dropUntypedNullable(value);
  }
}

/** The flavour's component schemas with SCHEMA_PATCHES applied, on a private copy of the document. */
function preparedComponentSchemas(flavor: JiraFlavor): Record<string, SpecSchema> {
  const schemas = structuredClone(loadJiraSpec(flavor).components?.schemas ?? {}) as Record<string, SpecSchema>;
  for (const patch of SCHEMA_PATCHES.filter((entry) => entry.flavor === flavor)) {
    let node: unknown = schemas[patch.schema];
    const parents = patch.at.slice(0, -1);
    const last = patch.at[patch.at.length - 1];
    for (const key of parents)
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    if (typeof node !== 'object' || node === null || last === undefined) {
      throw new Error(`spec defect patch ${flavor} ${patch.schema}/${patch.at.join('/')} does not fit the document`);
    }
    (node as Record<string, unknown>)[last] = structuredClone(patch.replacement);
  }
  dropUntypedNullable(schemas);
  return schemas;
}

/** Every `format` the schemas use, so that the ones ajv-formats lacks (DC `json`) can be registered as annotations. */
function collectFormats(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => collectFormats(item, into));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') into.add(value);
      else if (key !== 'example') collectFormats(value, into);
    }
  }
  return into;
}

const validators = new Map<JiraFlavor, Ajv>();

/** One ajv per flavour, holding the (patched) component schemas under the flavour's document id. */
function validatorFor(flavor: JiraFlavor): Ajv {
  const cached = validators.get(flavor);
  if (cached) return cached;
  const schemas = preparedComponentSchemas(flavor);
  // validateSchema off: the documents are OpenAPI 3.0 dialect (nullable, example, xml), not draft-07.
  // verbose: errors carry their parentSchema node, named back to its component through schemaNodeNames.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, verbose: true });
  addFormats(ajv, { keywords: false });
  ajv.addFormat('date-time', JIRA_DATE_TIME);
  for (const format of collectFormats(loadJiraSpec(flavor), new Set())) {
    if (!ajv.formats[format]) ajv.addFormat(format, true);
  }
  ajv.addSchema({ $id: SPEC_SCHEMA_ID[flavor], components: { schemas } });
  const names = new WeakMap<object, string>();
  for (const [name, schema] of Object.entries(schemas)) nameSchemaNodes(schema, name, names);
  schemaNodeNames.set(flavor, names);
  validators.set(flavor, ajv);
  return ajv;
}

function wrapSchema(schema: unknown, wrap: ResponseWrap | undefined): unknown {
  switch (wrap) {
    case undefined:
      return schema;
    case 'array':
      return { type: 'array', items: schema };
    case 'array-or-item':
      return { anyOf: [{ type: 'array', items: schema }, schema] };
    case 'page-of-values':
      return {
        type: 'object',
        required: ['values'],
        properties: {
          startAt: { type: 'integer' },
          maxResults: { type: 'integer' },
          total: { type: 'integer' },
          isLast: { type: 'boolean' },
          values: { type: 'array', items: schema },
        },
      };
  }
}

/** The documented response for a status: exact code, then `4XX`-style range, then `default`. */
function pickResponse(
  responses: Readonly<Record<string, SpecResponse>>,
  status: number,
): { key: string; response: SpecResponse } | undefined {
  for (const key of [String(status), `${String(status).charAt(0)}XX`, `${String(status).charAt(0)}xx`, 'default']) {
    const response = responses[key];
    if (response) return { key, response };
  }
  return undefined;
}

/** The JSON schema of a response, or undefined when it documents no JSON body (or an empty schema). */
function jsonSchemaOf(response: SpecResponse): SpecSchema | undefined {
  const content = response.content ?? {};
  const mediaType =
    content['application/json'] ??
    content['*/*'] ??
    Object.entries(content).find(([type]) => type.includes('json'))?.[1];
  const schema = mediaType?.schema;
  if (schema === undefined || (typeof schema === 'object' && Object.keys(schema).length === 0)) return undefined;
  return schema;
}

const compiled = new Map<string, ValidateFunction>();

function compiledValidator(
  flavor: JiraFlavor,
  found: FoundOperation,
  responseKey: string,
  schema: SpecSchema,
): ValidateFunction {
  const cacheKey = `${flavor} ${found.method} ${found.template} ${responseKey}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const wrap = RESPONSE_SHAPE_DEFECTS.find(
    (defect) => defect.flavor === flavor && defect.method === found.method && defect.template === found.template,
  )?.wrap;
  const ready = withAbsoluteRefs(
    wrapSchema(schema, responseKey.startsWith('2') ? wrap : undefined),
    SPEC_SCHEMA_ID[flavor],
  );
  const validate = validatorFor(flavor).compile(ready as Record<string, unknown>);
  compiled.set(cacheKey, validate);
  return validate;
}

/** `/issues/0/fields/status` → `issues[0].fields.status`; empty → `(root)`. */
function readablePath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : path === '' ? token : `${path}.${token}`),
      '',
    );
}

function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let node = body;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[token] : undefined;
  }
  return node;
}

/** Pointer-like names (`IssueBean/properties/fields`) of every schema node of a flavour, by identity. */
const schemaNodeNames = new Map<JiraFlavor, WeakMap<object, string>>();

function nameSchemaNodes(node: unknown, name: string, into: WeakMap<object, string>): void {
  if (typeof node !== 'object' || node === null || into.has(node)) return;
  into.set(node, name);
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'example' && key !== 'enum' && key !== 'default') nameSchemaNodes(value, `${name}/${key}`, into);
  }
}

/** Where in the document the failing rule sits (` [IssueBean/properties/fields]`); empty for inline response schemas. */
function schemaLocation(flavor: JiraFlavor, error: ErrorObject): string {
  const parent: unknown = error.parentSchema;
  const name = typeof parent === 'object' && parent !== null ? schemaNodeNames.get(flavor)?.get(parent) : undefined;
  return name === undefined ? '' : ` [${name}]`;
}

function describeError(flavor: JiraFlavor, error: ErrorObject, body: unknown): string {
  const path = readablePath(error.instancePath);
  const where = schemaLocation(flavor, error);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `${path}: must be ${String(params['type'])}, got ${jsonTypeOf(valueAt(body, error.instancePath))}${where}`;
    case 'additionalProperties':
      return `${path}: unexpected property "${String(params['additionalProperty'])}"${where}`;
    case 'required':
      return `${path}: missing required property "${String(params['missingProperty'])}"${where}`;
    case 'enum':
      return `${path}: must be one of ${JSON.stringify(params['allowedValues'])}, got ${JSON.stringify(valueAt(body, error.instancePath))}${where}`;
    case 'format':
      return `${path}: must match format "${String(params['format'])}", got ${JSON.stringify(valueAt(body, error.instancePath))}${where}`;
    default:
      return `${path}: ${error.message ?? error.keyword}${where}`;
  }
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === '' || (body instanceof Uint8Array && body.length === 0);
}

/**
 * Validates a response body against the flavour's document: finds the operation for `method` + `path` (request path
 * or route template), picks the response documented for `status` (exact, `2XX` range, `default`) and checks `body`
 * (parsed JSON; `undefined` for no body). Undocumented operations and statuses are errors; a response documented
 * without a JSON schema accepts any body, except that 204 must have none.
 */
export function validateResponse(
  flavor: JiraFlavor,
  method: string,
  path: string,
  status: number,
  body: unknown,
): ResponseValidation {
  const found = findOperation(flavor, method, path);
  if (!found) {
    return {
      ok: false,
      errors: [`${method.toUpperCase()} ${path}: no such operation in the ${flavor} document`],
      operation: undefined,
    };
  }
  const label = `${found.method} ${found.requestTemplate}`;
  // A status the document dropped (UNDOCUMENTED_STATUSES) is judged by the documented status it stands beside.
  const documentedAs =
    UNDOCUMENTED_STATUSES.find(
      (entry) =>
        entry.flavor === flavor &&
        entry.method === found.method &&
        entry.template === found.template &&
        entry.status === status &&
        found.operation.responses?.[String(status)] === undefined,
    )?.sameAs ?? status;
  const picked = pickResponse(found.operation.responses ?? {}, documentedAs);
  if (!picked) {
    const documented = Object.keys(found.operation.responses ?? {}).join(', ');
    return {
      ok: false,
      errors: [`${label}: status ${status} is not documented (documented: ${documented})`],
      operation: found,
    };
  }
  if (status === 204 && !isEmptyBody(body)) {
    return {
      ok: false,
      errors: [`${label}: 204 must have no body, got ${jsonTypeOf(body)}`],
      operation: found,
      responseKey: picked.key,
    };
  }
  const schema = jsonSchemaOf(picked.response);
  if (schema === undefined) return { ok: true, errors: [], operation: found, responseKey: picked.key };
  if (isEmptyBody(body)) {
    return {
      ok: false,
      errors: [`${label} ${status}: expected a JSON body, got none`],
      operation: found,
      responseKey: picked.key,
    };
  }
  const validate = compiledValidator(flavor, found, picked.key, schema);
  if (validate(body)) return { ok: true, errors: [], operation: found, responseKey: picked.key };
  const errors = [...new Set((validate.errors ?? []).map((error) => describeError(flavor, error, body)))];
  return { ok: false, errors, operation: found, responseKey: picked.key };
}

/** Like validateResponse, but throws an AssertionError listing every error; returns the matched operation. */
export function assertValidResponse(
  flavor: JiraFlavor,
  method: string,
  path: string,
  status: number,
  body: unknown,
): FoundOperation {
  const result = validateResponse(flavor, method, path, status, body);
  if (!result.ok || !result.operation) {
    throw new AssertionError({
      message: `${flavor} ${method.toUpperCase()} ${path} → ${status} does not match the document:\n  ${result.errors.join('\n  ')}`,
      actual: result.errors,
      expected: [],
      operator: 'validateResponse',
    });
  }
  return result.operation;
}
