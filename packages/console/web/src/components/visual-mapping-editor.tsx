/**
 * The Visual mapping editor: one row per field mapping (the field on each side, the direction, the owner, what
 * happens to a value with no match, and the value map), and the toggles for comments, attachments, worklogs and links.
 * It edits the resolved form the node answers (sides by instance name); the node checks it with the config's schema.
 */
import type { VisualMapping, VisualRules } from '../api-types.ts';
import { sameFieldMapping } from '../rule-templates.ts';

type Instances = [string, string];
type Toggle = 'comments' | 'attachments' | 'worklogs' | 'links';

const TOGGLES: { key: Toggle; label: string }[] = [
  { key: 'comments', label: 'Comments' },
  { key: 'attachments', label: 'Attachments' },
  { key: 'worklogs', label: 'Worklogs' },
  { key: 'links', label: 'Links' },
];

/** "both", or the one instance whose changes travel. */
function directionOf(from: string[]): string {
  if (from.length === 2) return 'both';
  return from[0] ?? 'none';
}

function fromOf(direction: string, instances: Instances): string[] {
  if (direction === 'both') return [...instances];
  if (direction === 'none') return [];
  return [direction];
}

/** A readable name for a mapping: "summary", or "Story Points ⇄ customfield_10010". */
function mappingName(mapping: VisualMapping, instances: Instances): string {
  const [a, b] = instances.map((instance) => mapping.fields[instance] ?? '?');
  return a === b ? (a ?? '?') : `${a} ⇄ ${b}`;
}

/** The editor; every change hands a new VisualRules to `onChange`. */
export function VisualMappingEditor({
  instances,
  rules,
  onChange,
}: {
  instances: Instances;
  rules: VisualRules;
  onChange: (rules: VisualRules) => void;
}) {
  const [first, second] = instances;
  const setMapping = (index: number, patch: Partial<VisualMapping>, renamed = false) => {
    const fields = rules.fields.map((mapping, i) => {
      if (i !== index) return mapping;
      const next: VisualMapping = { ...mapping, ...patch };
      // A renamed field travels under a new name: let the node derive it again.
      if (renamed) delete next.key;
      return next;
    });
    onChange({ ...rules, fields });
  };
  const removeMapping = (index: number) =>
    onChange({ ...rules, fields: rules.fields.filter((_mapping, i) => i !== index) });
  const addMapping = () => onChange({ ...rules, fields: [...rules.fields, sameFieldMapping('', instances)] });
  const setToggle = (key: Toggle, direction: string) => onChange({ ...rules, [key]: fromOf(direction, instances) });
  const withConstants = instances.filter((instance) => Object.keys(rules.constants[instance] ?? {}).length > 0);
  const withScope = instances.filter((instance) =>
    Object.values(rules.scope[instance] ?? {}).some((filter) => filter !== null && filter !== undefined),
  );

  return (
    <div className="card visual-editor" aria-label="Visual mapping">
      <h2>Field mappings</h2>
      <table className="table mapping-table">
        <colgroup>
          <col className="col-field" />
          <col className="col-direction" />
          <col className="col-field" />
          <col className="col-owner" />
          <col className="col-unmatched" />
          <col className="col-remove" />
        </colgroup>
        <thead>
          <tr>
            <th>{first}</th>
            <th>Direction</th>
            <th>{second}</th>
            <th>Owner</th>
            <th>No match</th>
            <th />
          </tr>
        </thead>
        {rules.fields.map((mapping, index) => (
          <MappingRows
            key={index}
            index={index}
            instances={instances}
            mapping={mapping}
            onChange={(patch, renamed) => setMapping(index, patch, renamed)}
            onRemove={() => removeMapping(index)}
          />
        ))}
      </table>
      <button type="button" onClick={addMapping}>
        Add field mapping
      </button>
      <h2>Items</h2>
      <div className="toggles">
        {TOGGLES.map((toggle) => (
          <label key={toggle.key}>
            {toggle.label}
            <select
              aria-label={`${toggle.label} direction`}
              value={directionOf(rules[toggle.key])}
              onChange={(event) => setToggle(toggle.key, event.target.value)}
            >
              <option value="both">
                {first} ⇄ {second}
              </option>
              <option value={first}>
                {first} → {second}
              </option>
              <option value={second}>
                {second} → {first}
              </option>
              <option value="none">off</option>
            </select>
          </label>
        ))}
      </div>
      {(withConstants.length > 0 || withScope.length > 0) && (
        <p className="muted small">
          Kept as they are in the config file:
          {withConstants.length > 0 && ` constants on ${withConstants.join(' and ')}`}
          {withConstants.length > 0 && withScope.length > 0 && ';'}
          {withScope.length > 0 && ` scope filters on ${withScope.join(' and ')}`}.
        </p>
      )}
    </div>
  );
}

function MappingRows({
  index,
  instances,
  mapping,
  onChange,
  onRemove,
}: {
  index: number;
  instances: Instances;
  mapping: VisualMapping;
  onChange: (patch: Partial<VisualMapping>, renamed?: boolean) => void;
  onRemove: () => void;
}) {
  const [first, second] = instances;
  const name = mappingName(mapping, instances);
  const receiving = instances.filter((instance) => mapping.from.some((sender) => sender !== instance));
  const setField = (instance: string, field: string) =>
    onChange({ fields: { ...mapping.fields, [instance]: field } }, true);
  const setPair = (pairIndex: number, instance: string, value: string) =>
    onChange({ values: mapping.values.map((pair, i) => (i === pairIndex ? { ...pair, [instance]: value } : pair)) });
  return (
    <tbody className="mapping" data-mapping={name}>
      <tr>
        <td>
          <input
            aria-label={`${first} field of mapping ${index + 1}`}
            value={mapping.fields[first] ?? ''}
            onChange={(event) => setField(first, event.target.value)}
            placeholder="field id or name"
          />
        </td>
        <td>
          <select
            aria-label={`Direction of ${name}`}
            value={directionOf(mapping.from)}
            onChange={(event) => onChange({ from: fromOf(event.target.value, instances) })}
          >
            <option value="both">⇄ both ways</option>
            <option value={first}>→ to {second}</option>
            <option value={second}>← to {first}</option>
          </select>
        </td>
        <td>
          <input
            aria-label={`${second} field of mapping ${index + 1}`}
            value={mapping.fields[second] ?? ''}
            onChange={(event) => setField(second, event.target.value)}
            placeholder="field id or name"
          />
        </td>
        <td>
          <select
            aria-label={`Owner of ${name}`}
            value={mapping.owner ?? ''}
            onChange={(event) => onChange({ owner: event.target.value === '' ? null : event.target.value })}
          >
            <option value="">none</option>
            <option value={first}>{first}</option>
            <option value={second}>{second}</option>
          </select>
        </td>
        <td>
          <select
            aria-label={`Unmatched policy of ${name}`}
            value={mapping.unmatched}
            onChange={(event) => {
              const unmatched = event.target.value as VisualMapping['unmatched'];
              onChange({ unmatched, default: unmatched === 'default' ? mapping.default : {} });
            }}
          >
            <option value="ignore">ignore</option>
            <option value="error">error</option>
            <option value="default">default</option>
          </select>
        </td>
        <td>
          <button
            type="button"
            className="link-button"
            aria-label={`Remove mapping ${name}`}
            title="Remove this mapping"
            onClick={onRemove}
          >
            ✕
          </button>
        </td>
      </tr>
      {mapping.unmatched === 'default' && (
        <tr className="sub-row">
          <td colSpan={6}>
            <span className="muted">Default when no pair matches:</span>{' '}
            {receiving.map((instance) => (
              <label key={instance} className="inline default-value">
                on {instance}
                <input
                  aria-label={`Default on ${instance} of ${name}`}
                  value={String(mapping.default[instance] ?? '')}
                  onChange={(event) => onChange({ default: { ...mapping.default, [instance]: event.target.value } })}
                />
              </label>
            ))}
          </td>
        </tr>
      )}
      <tr className="sub-row">
        <td colSpan={6}>
          <details open={mapping.values.length > 0}>
            <summary>Value map ({mapping.values.length})</summary>
            <table className="table compact value-map" aria-label={`Value map of ${name}`}>
              <tbody>
                {mapping.values.map((pair, pairIndex) => (
                  <tr key={pairIndex}>
                    <td>
                      <input
                        aria-label={`${first} value ${pairIndex + 1} of ${name}`}
                        value={String(pair[first] ?? '')}
                        onChange={(event) => setPair(pairIndex, first, event.target.value)}
                      />
                    </td>
                    <td className="muted">⇄</td>
                    <td>
                      <input
                        aria-label={`${second} value ${pairIndex + 1} of ${name}`}
                        value={String(pair[second] ?? '')}
                        onChange={(event) => setPair(pairIndex, second, event.target.value)}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onChange({ values: mapping.values.filter((_pair, i) => i !== pairIndex) })}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button
              type="button"
              className="small-button"
              onClick={() => onChange({ values: [...mapping.values, { [first]: '', [second]: '' }] })}
            >
              Add value pair
            </button>
            {mapping.users.length > 0 && (
              <p className="muted small">{mapping.users.length} people pairs (kept as in the config file)</p>
            )}
          </details>
        </td>
      </tr>
    </tbody>
  );
}
