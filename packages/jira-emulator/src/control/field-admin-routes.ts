/**
 * Control API for custom fields: `POST /_emulator/fields` `{name, kind, description?, options?}` where options are
 * strings or `{value, disabled?, children?}` (children for cascading selects). Answers 201 with the field's id.
 */
import { created, type RouteDefinition } from '../http/route-definition.ts';
import { CUSTOM_FIELD_TYPES } from '../model/field-catalog.ts';
import { nextId, type JiraData } from '../model/jira-data.ts';
import type { CustomField, CustomFieldKind, FieldOption } from '../model/types.ts';
import {
  badBody,
  expectObject,
  objectBody,
  onlyKeys,
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalString,
  requiredString,
} from './control-body.ts';
import { controlRoute } from './control-route.ts';

const KINDS = Object.keys(CUSTOM_FIELD_TYPES) as CustomFieldKind[];
const KINDS_WITH_OPTIONS: CustomFieldKind[] = ['select', 'multiselect', 'cascadingselect'];

function parseOption(data: JiraData, value: unknown, path: string, allowChildren: boolean): FieldOption {
  if (typeof value === 'string') return { id: nextId(data, 'option'), value, disabled: false };
  const record = expectObject(value, path);
  onlyKeys(record, allowChildren ? ['value', 'disabled', 'children'] : ['value', 'disabled'], path);
  const option: FieldOption = {
    id: nextId(data, 'option'),
    value: requiredString(record, 'value', path),
    disabled: optionalBoolean(record, 'disabled', path) ?? false,
  };
  const children = optionalArray(record, 'children', path);
  if (children)
    option.children = children.map((child, index) => parseOption(data, child, `${path}.children[${index}]`, false));
  return option;
}

export const fieldAdminRoutes: RouteDefinition[] = [
  controlRoute('POST', '/fields', ({ rc, body }) => {
    const { state } = rc.ctx;
    const record = objectBody(body);
    onlyKeys(record, ['name', 'kind', 'description', 'options'], 'body');
    const name = requiredString(record, 'name', 'body');
    const kind = optionalEnum(record, 'kind', 'body', KINDS);
    if (!kind) throw badBody('kind', `is required (one of ${KINDS.join(', ')})`);
    if (state.data.customFields.some((field) => field.name.toLowerCase() === name.toLowerCase()))
      throw badBody('name', `a custom field named ${name} already exists`);
    const rawOptions = optionalArray(record, 'options', 'body') ?? [];
    if (rawOptions.length > 0 && !KINDS_WITH_OPTIONS.includes(kind))
      throw badBody('options', `a ${kind} field has no options`);
    const options = rawOptions.map((option, index) =>
      parseOption(state.data, option, `options[${index}]`, kind === 'cascadingselect'),
    );
    const numericId = Number(nextId(state.data, 'customField', 10000));
    const field: CustomField = {
      id: `customfield_${numericId}`,
      numericId,
      name,
      description: optionalString(record, 'description', 'body') ?? '',
      kind,
      options,
    };
    state.data.customFields.push(field);
    state.touch();
    return created(field);
  }),
];
