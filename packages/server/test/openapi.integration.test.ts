/**
 * The OpenAPI document served at /api/openapi.json: it lists every route of the API (and nothing else), it is a
 * structurally valid OpenAPI 3.1 document (required fields, path parameters, unique operation ids, resolvable
 * references, security schemes, every schema a valid JSON Schema 2020-12), and real answers match its schemas.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { apiRoutes, BulkRuns, openApiPath } from '../src/index.ts';
import { BASIC_CONNECTION, startApiNode, type ApiNode } from './support/api-node.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The few members of Ajv's 2020-12 validator these tests use. */
interface JsonSchemaValidator {
  addSchema(schema: object, key: string): unknown;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
  validateSchema(schema: object): boolean;
  errorsText(errors?: unknown): string;
  errors?: unknown;
}

// An independent JSON Schema 2020-12 validator: Ajv 8. The server package does not declare it yet (the root holds
// Ajv 6 for eslint), so it is taken from @tandem/config's dev dependencies, where Ajv 8 is installed.
const requireFromConfig = createRequire(import.meta.resolve('@tandem/config'));
const { Ajv2020 } = requireFromConfig('ajv/dist/2020') as {
  Ajv2020: new (options: object) => JsonSchemaValidator;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every `METHOD /path` the API must offer (the console's plan, plus what the CLI keeps). */
const EXPECTED = [
  'GET /health',
  'GET /api/openapi.json',
  'POST /api/session',
  'GET /api/session',
  'DELETE /api/session',
  'GET /api/tokens',
  'POST /api/tokens',
  'DELETE /api/tokens/{id}',
  'GET /api/instances',
  'GET /api/connections',
  'POST /api/connections',
  'GET /api/connections/{name}',
  'POST /api/connections/{name}/initiate',
  'POST /api/connections/{name}/accept',
  'POST /api/connections/{name}/pause',
  'POST /api/connections/{name}/resume',
  'POST /api/connections/{name}/recover',
  'POST /api/connections/{name}/unsync-trigger',
  'GET /api/connections/{name}/rules',
  'PUT /api/connections/{name}/rules',
  'POST /api/connections/{name}/dry-run',
  'GET /api/connections/{name}/triggers',
  'PUT /api/connections/{name}/triggers',
  'PUT /api/connections/{name}/sides/{instance}',
  'POST /api/connections/{name}/bulk',
  'GET /api/bulk',
  'GET /api/bulk/{runId}',
  'GET /api/bulk/{runId}/twins',
  'DELETE /api/bulk/{runId}',
  'GET /api/twins',
  'GET /api/twins/{id}',
  'GET /api/twins/{id}/timeline',
  'POST /api/twins/{id}/sync',
  'POST /api/twins/{id}/unsync',
  'POST /api/connect',
  'POST /api/issues/{key}/sync',
  'POST /api/issues/{key}/unsync',
  'GET /api/errors',
  'POST /api/errors/retry',
  'POST /api/errors/{twinId}/retry',
  'POST /api/errors/{twinId}/skip',
  'GET /api/statistics',
  'GET /api/audit',
];

/** The value at a JSON pointer (`#/a/b`), or undefined. */
function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

function* walk(node: unknown, path: string): Generator<[string, Json]> {
  if (typeof node !== 'object' || node === null) return;
  yield [path, node as Json];
  for (const [key, value] of Object.entries(node))
    yield* walk(value, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

void describe('the OpenAPI document', () => {
  let api: ApiNode;
  let document: Json;
  before(async () => {
    api = await startApiNode(BASIC_CONNECTION);
    const answer = await api.call('GET', '/api/openapi.json', { auth: 'none' });
    assert.equal(answer.status, 200);
    document = answer.body;
  });
  after(async () => {
    await api.close();
  });

  const operations = () =>
    Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ path, method, operation: operation as Json })),
    );

  void test('lists every route of the API, and only those', () => {
    const listed = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    assert.deepEqual([...listed].sort(), [...EXPECTED].sort());
    const routes = apiRoutes({
      node: api.node,
      bulkRuns: new BulkRuns(api.node.engine, { now: Date.now, newId: randomUUID }),
      publicUrl: undefined,
      webhooks: false,
      secureCookies: false,
    });
    assert.deepEqual(
      routes.map((route) => `${route.method} ${openApiPath(route.path)}`).sort(),
      [...EXPECTED].sort(),
      'the routes the server registers are the routes documented',
    );
    for (const route of routes) assert.ok(api.app.hasRoute({ method: route.method, url: route.path }), route.path);
  });

  void test('is structurally a valid OpenAPI 3.1 document', () => {
    assert.match(document.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof document.info.title, 'string');
    assert.equal(typeof document.info.version, 'string');
    const schemes = document.components.securitySchemes as Json;
    for (const scheme of Object.values(schemes))
      assert.ok(['apiKey', 'http', 'oauth2', 'openIdConnect', 'mutualTLS'].includes(scheme.type));
    const ids = new Set<string>();
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(path.startsWith('/'), where);
      assert.equal(typeof operation.operationId, 'string', where);
      assert.ok(!ids.has(operation.operationId), `operationId ${operation.operationId} is unique`);
      ids.add(operation.operationId);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const parameters = (operation.parameters ?? []) as Json[];
      for (const parameter of parameters) {
        assert.ok(['query', 'header', 'path', 'cookie'].includes(parameter.in), where);
        assert.equal(typeof parameter.name, 'string', where);
        assert.ok(parameter.schema || parameter.content, where);
        if (parameter.in === 'path') assert.equal(parameter.required, true, `${where} ${parameter.name}`);
      }
      assert.deepEqual(
        parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name)
          .sort(),
        templated,
        `${where}: every {parameter} of the path is described, and only those`,
      );
      const keys = parameters.map((parameter) => `${parameter.in}:${parameter.name}`);
      assert.equal(new Set(keys).size, keys.length, `${where}: parameters are unique`);
      if (operation.requestBody) assert.ok(operation.requestBody.content['application/json'].schema, where);
      const responses = Object.entries(operation.responses as Json);
      assert.ok(responses.length > 0, where);
      for (const [status, response] of responses) {
        assert.match(status, /^([1-5][0-9]{2}|[1-5]XX|default)$/, where);
        assert.equal(typeof response.description, 'string', `${where} ${status}`);
      }
      if (!(operation.security && operation.security.length === 0))
        assert.ok(operation.responses['401'], `${where} documents its 401`);
      for (const requirement of (operation.security ?? document.security) as Json[])
        for (const name of Object.keys(requirement)) assert.ok(schemes[name], `${where}: scheme ${name}`);
    }
    for (const [path, node] of walk(document, '#'))
      if (typeof node.$ref === 'string')
        assert.notEqual(resolvePointer(document, node.$ref), undefined, `${path}: ${node.$ref} resolves`);
  });

  void test('every schema in it is valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
    ajv.addSchema(document, 'openapi.json');
    const schemaPaths: string[] = [];
    for (const [path] of walk(document, '#')) if (/\/schema$/.test(path)) schemaPaths.push(path);
    for (const name of Object.keys(document.components.schemas)) schemaPaths.push(`#/components/schemas/${name}`);
    const strict = new Ajv2020({ strict: false });
    for (const path of schemaPaths) {
      const schema = resolvePointer(document, path) as Json;
      assert.ok(strict.validateSchema(schema), `${path}: ${strict.errorsText(strict.errors)}`);
      assert.doesNotThrow(() => ajv.compile({ $ref: `openapi.json${path}` }), path);
    }
    assert.ok(schemaPaths.length > 80, `${schemaPaths.length} schemas checked`);
  });

  void test("real answers match the document's schemas", async () => {
    const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
    ajv.addSchema(document, 'openapi.json');
    const check = async (method: string, url: string, path: string, status: string, body?: unknown) => {
      const answer = await api.call(method, url, body === undefined ? {} : { body });
      assert.equal(String(answer.status), status, `${method} ${url}: ${answer.text}`);
      const pointer = `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
      const validate = ajv.compile({ $ref: `openapi.json${pointer}` });
      assert.ok(validate(answer.body), `${method} ${url}: ${ajv.errorsText(validate.errors)}`);
    };
    await check('GET', '/api/connections', '/api/connections', '200');
    await check('GET', '/api/connections/blue_green/rules', '/api/connections/{name}/rules', '200');
    await check('GET', '/api/instances', '/api/instances', '200');
    await check('GET', '/api/statistics', '/api/statistics', '200');
    await check('POST', '/api/connections/blue_green/dry-run', '/api/connections/{name}/dry-run', '200', {
      key: 'BLUE-1',
    });
    await check('POST', '/api/issues/BLUE-1/sync', '/api/issues/{key}/sync', '200');
    await api.idle();
    await check('GET', '/api/twins?key=BLUE-1', '/api/twins', '200');
    await check('GET', '/api/audit', '/api/audit', '200');
    await check('GET', '/api/connections/nope', '/api/connections/{name}', '404');
    await check('POST', '/api/connect', '/api/connect', '400', { a: 1 });
  });
});
