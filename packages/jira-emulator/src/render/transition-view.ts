/** Transitions as GET /issue/{key}/transitions renders them, with screen fields under `expand=transitions.fields`. */
import { allFields } from '../model/field-catalog.ts';
import type { Issue, WorkflowTransition } from '../model/types.ts';
import { renderStatus } from './entity-views.ts';
import { renderFieldMeta } from './field-meta-view.ts';
import type { RenderContext } from './render-context.ts';

export function renderTransition(
  rc: RenderContext,
  issue: Issue,
  transition: WorkflowTransition,
  withFields: boolean,
): Record<string, unknown> {
  const { state } = rc.ctx;
  const view: Record<string, unknown> = {
    id: transition.id,
    name: transition.name,
    to: renderStatus(rc, state.status(transition.to)),
    hasScreen: transition.screen.length > 0,
    isGlobal: transition.from.length === 0,
    isInitial: false,
    isAvailable: true,
    isConditional: transition.conditions.length > 0,
  };
  if (rc.ctx.flavor === 'cloud') view['isLooped'] = transition.from.includes(transition.to);
  if (withFields) {
    const project = state.projectById(issue.projectId);
    const catalog = allFields(state.data.customFields);
    const fields: Record<string, unknown> = {};
    for (const screenField of transition.screen) {
      const info = catalog.find((candidate) => candidate.id === screenField.fieldId);
      if (info) fields[info.id] = renderFieldMeta(rc, project, info, screenField.required);
    }
    view['fields'] = fields;
  }
  return view;
}
