/**
 * Jira's admin webhook resource, `/rest/webhooks/1.0/webhook` (a plugin resource, not in the platform OpenAPI
 * documents): list, register, read, update and delete. Jira administrators only.
 */
import { JiraError } from '../http/jira-error.ts';
import { created, noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import type { WebhookRegistration } from '../model/types.ts';
import type { RenderContext } from '../render/render-context.ts';
import { createRegistration, isJiraAdmin, renderRegistration, updateRegistration } from './webhook-registration.ts';

const BASE = '/rest/webhooks/1.0/webhook';

function requireAdmin(rc: RenderContext): void {
  if (!isJiraAdmin(rc.ctx, rc.viewer))
    throw new JiraError(403, ['You do not have permission to manage webhooks: only Jira administrators can.']);
}

function requireRegistration(rc: RenderContext, id: string | undefined): WebhookRegistration {
  const registration = rc.ctx.state.data.webhooks.find((candidate) => String(candidate.id) === id);
  if (!registration) throw new JiraError(404, [`Webhook with id ${id ?? ''} does not exist.`]);
  return registration;
}

export const webhookRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: BASE,
    absolute: true,
    handler: ({ rc }) => {
      requireAdmin(rc);
      return ok(rc.ctx.state.data.webhooks.map((registration) => renderRegistration(rc.ctx, registration)));
    },
  },
  {
    method: 'POST',
    path: BASE,
    absolute: true,
    handler: ({ rc, body }) => {
      requireAdmin(rc);
      return created(renderRegistration(rc.ctx, createRegistration(rc.ctx, rc.viewer, body)));
    },
  },
  {
    method: 'GET',
    path: `${BASE}/:id`,
    absolute: true,
    handler: ({ rc, params }) => {
      requireAdmin(rc);
      return ok(renderRegistration(rc.ctx, requireRegistration(rc, params['id'])));
    },
  },
  {
    method: 'PUT',
    path: `${BASE}/:id`,
    absolute: true,
    handler: ({ rc, params, body }) => {
      requireAdmin(rc);
      const registration = requireRegistration(rc, params['id']);
      updateRegistration(rc.ctx, registration, rc.viewer, body);
      return ok(renderRegistration(rc.ctx, registration));
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/:id`,
    absolute: true,
    handler: ({ rc, params }) => {
      requireAdmin(rc);
      const registration = requireRegistration(rc, params['id']);
      const list = rc.ctx.state.data.webhooks;
      list.splice(list.indexOf(registration), 1);
      rc.ctx.state.touch();
      // Deliveries already rendered for it are abandoned, as Jira stops sending to a removed webhook.
      rc.ctx.webhooks.forget(registration.id);
      return noContent();
    },
  },
];
