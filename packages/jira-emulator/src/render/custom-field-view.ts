/** Custom field values as Jira renders them, per field kind. */
import type { CascadingValue, CustomField, FieldOption, StoredRichText } from '../model/types.ts';
import { renderOption } from './entity-views.ts';
import { formatJiraDateTime } from './jira-dates.ts';
import type { RenderContext } from './render-context.ts';
import { renderRichText } from './rich-text-view.ts';
import { renderUserRef } from './user-view.ts';

function findOption(options: FieldOption[], id: string): FieldOption | undefined {
  return options.find((option) => option.id === id);
}

export function renderCustomFieldValue(rc: RenderContext, field: CustomField, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (field.kind) {
    case 'text':
    case 'url':
    case 'number':
    case 'date':
      return value;
    case 'paragraph':
      return renderRichText(rc, value as StoredRichText);
    case 'datetime':
      return formatJiraDateTime(value as number);
    case 'labels':
      return [...(value as string[])];
    case 'select': {
      const option = findOption(field.options, value as string);
      return option ? renderOption(rc, option) : null;
    }
    case 'multiselect':
      return (value as string[])
        .map((id) => findOption(field.options, id))
        .filter((option): option is FieldOption => option !== undefined)
        .map((option) => renderOption(rc, option));
    case 'cascadingselect': {
      const cascade = value as CascadingValue;
      const parent = findOption(field.options, cascade.parent);
      if (!parent) return null;
      const view = renderOption(rc, parent);
      const child = cascade.child ? findOption(parent.children ?? [], cascade.child) : undefined;
      if (child) view['child'] = renderOption(rc, child);
      return view;
    }
    case 'user':
      return renderUserRef(rc, value as string);
    case 'multiuser':
      return (value as string[]).map((id) => renderUserRef(rc, id)).filter((user) => user !== null);
  }
}

/** The changelog string of a custom field value (Jira shows option values and display names). */
export function customFieldChangeString(
  rc: RenderContext,
  field: CustomField,
  value: unknown,
): { id: string | null; text: string | null } {
  if (value === undefined || value === null) return { id: null, text: null };
  switch (field.kind) {
    case 'select': {
      const option = findOption(field.options, value as string);
      return { id: value as string, text: option?.value ?? null };
    }
    case 'multiselect': {
      const ids = value as string[];
      return {
        id: ids.join(', ') || null,
        text: ids.map((id) => findOption(field.options, id)?.value ?? id).join(', ') || null,
      };
    }
    case 'cascadingselect': {
      const cascade = value as CascadingValue;
      const parent = findOption(field.options, cascade.parent);
      const child = cascade.child ? findOption(parent?.children ?? [], cascade.child) : undefined;
      return {
        id: [cascade.parent, cascade.child].filter(Boolean).join(', '),
        text: `Parent values: ${parent?.value ?? ''}(${cascade.parent})${child ? `Level 1 values: ${child.value}(${child.id})` : ''}`,
      };
    }
    case 'user': {
      const user = rc.ctx.state.userById(value as string);
      return { id: value as string, text: user?.displayName ?? null };
    }
    case 'multiuser': {
      const ids = value as string[];
      return {
        id: ids.join(', ') || null,
        text: ids.map((id) => rc.ctx.state.userById(id)?.displayName ?? id).join(', ') || null,
      };
    }
    case 'labels':
      return { id: null, text: (value as string[]).join(' ') || null };
    case 'datetime':
      return { id: formatJiraDateTime(value as number), text: formatJiraDateTime(value as number) };
    case 'paragraph': {
      const rendered = renderRichText({ ...rc, apiVersion: 2 }, value as StoredRichText);
      return { id: null, text: typeof rendered === 'string' ? rendered : null };
    }
    default:
      return { id: field.kind === 'date' ? String(value) : null, text: String(value) };
  }
}
