/**
 * Entity properties of issues and comments: list keys, get, set (201 new / 200 replaced), delete. Values are any
 * JSON up to 32 KB. Jira keeps no history for property changes and leaves `updated` alone. The comment property
 * `sd.public.comment` `{ "internal": true }` makes a comment a Jira Service Management internal one (Cloud renders
 * `jsdPublic: false`).
 */
import { JiraError } from '../http/jira-error.ts';
import { created, noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import type { RenderContext } from '../render/render-context.ts';
import { apiBase } from '../render/render-context.ts';
import { findCommentAnywhere } from './comment-routes.ts';
import { requireIssue } from './issue-lookup.ts';

/** Jira's limits: property keys up to 255 characters, values up to 32768 bytes of JSON. */
const MAX_KEY_LENGTH = 255;
const MAX_VALUE_BYTES = 32768;

/** One kind of entity that carries properties: how to find its property map and build `self` links. */
interface PropertyHolder {
  properties: Record<string, unknown>;
  /** `.../issue/10000/properties` */
  base: string;
}

function listKeys(holder: PropertyHolder): Record<string, unknown> {
  return {
    keys: Object.keys(holder.properties).map((key) => ({ self: `${holder.base}/${encodeURIComponent(key)}`, key })),
  };
}

function requireProperty(holder: PropertyHolder, key: string): unknown {
  if (!Object.hasOwn(holder.properties, key))
    throw new JiraError(404, [`The property with key '${key}' does not exist.`]);
  return holder.properties[key];
}

/** Validates and stores a property value; answers 201 when the key is new and 200 when it replaced a value. */
function setProperty(rc: RenderContext, holder: PropertyHolder, key: string, body: unknown): { status: number } {
  if (key.trim() === '') throw new JiraError(400, ['The property key cannot be empty.']);
  if (key.length > MAX_KEY_LENGTH)
    throw new JiraError(400, [`The property key cannot be longer than ${MAX_KEY_LENGTH} characters.`]);
  if (body === undefined) throw new JiraError(400, ['The property value cannot be empty.']);
  if (Buffer.byteLength(JSON.stringify(body), 'utf8') > MAX_VALUE_BYTES) {
    throw new JiraError(400, [
      `The property value is too long. The maximum allowed length is ${MAX_VALUE_BYTES} bytes.`,
    ]);
  }
  const existed = Object.hasOwn(holder.properties, key);
  holder.properties[key] = body;
  rc.ctx.state.touch();
  return { status: existed ? 200 : 201 };
}

function issueHolder(rc: RenderContext, idOrKey: string | undefined): PropertyHolder {
  const issue = requireIssue(rc, idOrKey);
  return { properties: issue.properties, base: `${apiBase(rc)}/issue/${issue.id}/properties` };
}

function commentHolder(rc: RenderContext, commentId: string | undefined): PropertyHolder {
  const { comment } = findCommentAnywhere(rc, commentId);
  return { properties: comment.properties, base: `${apiBase(rc)}/comment/${comment.id}/properties` };
}

/** The four property routes of one entity kind. */
function propertyRoutes(
  prefix: string,
  holderOf: (rc: RenderContext, id: string | undefined) => PropertyHolder,
  idParam: string,
): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: `${prefix}/properties`,
      handler: ({ rc, params }) => ok(listKeys(holderOf(rc, params[idParam]))),
    },
    {
      method: 'GET',
      path: `${prefix}/properties/:propertyKey`,
      handler: ({ rc, params }) => {
        const key = params['propertyKey'] ?? '';
        return ok({ key, value: requireProperty(holderOf(rc, params[idParam]), key) });
      },
    },
    {
      method: 'PUT',
      path: `${prefix}/properties/:propertyKey`,
      handler: ({ rc, params, body }) => {
        const { status } = setProperty(rc, holderOf(rc, params[idParam]), params['propertyKey'] ?? '', body);
        // Jira answers both with an empty body.
        return status === 201 ? created(undefined) : { status };
      },
    },
    {
      method: 'DELETE',
      path: `${prefix}/properties/:propertyKey`,
      handler: ({ rc, params }) => {
        const holder = holderOf(rc, params[idParam]);
        const key = params['propertyKey'] ?? '';
        requireProperty(holder, key);
        delete holder.properties[key];
        rc.ctx.state.touch();
        return noContent();
      },
    },
  ];
}

export const entityPropertyRoutes: RouteDefinition[] = [
  ...propertyRoutes('/issue/:issueIdOrKey', issueHolder, 'issueIdOrKey'),
  ...propertyRoutes('/comment/:commentId', commentHolder, 'commentId'),
];
