/** Script mode: the outgoing and incoming rule files of each side served here, in a highlighting editor. */
import { useState } from 'react';
import type { ScriptFile } from '../api-types.ts';
import { CodeEditor } from './code-editor.tsx';

/** Sources being edited, by instance. */
export type ScriptDraft = Record<string, { outgoing: string; incoming: string }>;

type Direction = 'outgoing' | 'incoming';

/** The line to mark in a file: errors are keyed by the path the node reported, which may be longer or shorter. */
function lineFor(
  errorLines: Record<string, number | null>,
  file: string | undefined,
  instance: string,
  direction: Direction,
): number | null {
  for (const [reported, line] of Object.entries(errorLines)) {
    if (file && (reported === file || reported.endsWith(`/${file}`) || file.endsWith(`/${reported}`))) return line;
    if (!file && reported.includes(instance) && reported.includes(direction)) return line;
  }
  return null;
}

/** The editor: one tab per side and direction. */
export function ScriptRulesEditor({
  files,
  draft,
  errorLines,
  onChange,
}: {
  files: Record<string, { outgoing: ScriptFile; incoming: ScriptFile }> | null;
  draft: ScriptDraft;
  errorLines: Record<string, number | null>;
  onChange: (draft: ScriptDraft) => void;
}) {
  const instances = Object.keys(draft);
  const [selected, setSelected] = useState<{ instance: string; direction: Direction }>({
    instance: instances[0] ?? '',
    direction: 'outgoing',
  });
  const current = draft[selected.instance];
  const file = files?.[selected.instance]?.[selected.direction].file;
  return (
    <div className="card script-editor">
      <div className="tabs small-tabs" role="tablist" aria-label="Rule files">
        {instances.flatMap((instance) =>
          (['outgoing', 'incoming'] as const).map((direction) => {
            const active = selected.instance === instance && selected.direction === direction;
            const marked = lineFor(errorLines, files?.[instance]?.[direction].file, instance, direction) !== null;
            return (
              <button
                key={`${instance}-${direction}`}
                type="button"
                role="tab"
                aria-selected={active}
                className={`tab${active ? ' active' : ''}${marked ? ' has-error' : ''}`}
                onClick={() => setSelected({ instance, direction })}
              >
                {instance} · {direction}
              </button>
            );
          }),
        )}
      </div>
      {file && <p className="muted small">{file}</p>}
      {current && (
        <CodeEditor
          key={`${selected.instance}-${selected.direction}`}
          label={`${selected.instance} ${selected.direction} rule`}
          value={current[selected.direction]}
          errorLine={lineFor(errorLines, file, selected.instance, selected.direction)}
          onChange={(source) =>
            onChange({ ...draft, [selected.instance]: { ...current, [selected.direction]: source } })
          }
        />
      )}
    </div>
  );
}
