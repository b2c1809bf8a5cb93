/** GET /issue/{key}/editmeta and `expand=editmeta`: the fields an edit may set on this issue. */
import { allFields } from '../model/field-catalog.ts';
import type { Issue } from '../model/types.ts';
import { renderFieldMeta } from './field-meta-view.ts';
import type { RenderContext } from './render-context.ts';

export function renderEditMeta(rc: RenderContext, issue: Issue): { fields: Record<string, unknown> } {
  const project = rc.ctx.state.projectById(issue.projectId);
  const fields: Record<string, unknown> = {};
  for (const info of allFields(rc.ctx.state.data.customFields)) {
    if (!info.editable) continue;
    fields[info.id] = renderFieldMeta(rc, project, info, info.id === 'summary' || info.id === 'issuetype');
  }
  fields['comment'] = renderFieldMeta(
    rc,
    project,
    {
      id: 'comment',
      key: 'comment',
      name: 'Comment',
      custom: false,
      orderable: true,
      navigable: false,
      searchable: true,
      clauseNames: ['comment'],
      schema: { type: 'comments-page', system: 'comment' },
      editable: true,
    },
    false,
  );
  return { fields };
}
