/**
 * A connection's rules: the mode, and the editor of that mode (Visual mapping or Script files) next to a dry run
 * that follows every unsaved edit. Saving validates on the node (the config's own schema) and applies the rules live.
 */
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, describeError, segment } from '../api-client.ts';
import type { ConnectionView, DryRunReport, RulesDocument, RulesInput, RulesMode, VisualRules } from '../api-types.ts';
import { starterIncomingScript, starterOutgoingScript, starterVisualRules } from '../rule-templates.ts';
import { DryRunPanel, problemLine } from './dry-run-panel.tsx';
import { ScriptRulesEditor, type ScriptDraft } from './script-rules-editor.tsx';
import { VisualMappingEditor } from './visual-mapping-editor.tsx';

/** The rules as the node holds them, as a draft the editors change. */
function draftOf(document: RulesDocument): RulesInput {
  if (document.mode === 'visual' && document.visual) return { mode: 'visual', visual: document.visual };
  if (document.mode === 'script' && document.script) {
    const script: ScriptDraft = {};
    for (const [instance, files] of Object.entries(document.script)) {
      script[instance] = { outgoing: files.outgoing.source, incoming: files.incoming.source };
    }
    return { mode: 'script', script };
  }
  return { mode: 'basic' };
}

/** The rules tab. */
export function RulesSection({
  connection,
  onChanged,
}: {
  connection: ConnectionView;
  onChanged: () => Promise<void>;
}) {
  const path = `/api/connections/${segment(connection.name)}/rules`;
  const [saved, setSaved] = useState<RulesDocument | undefined>(undefined);
  const [draft, setDraft] = useState<RulesInput | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [scriptErrorLines, setScriptErrorLines] = useState<Record<string, number | null>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<RulesDocument>('GET', path).then(
      (document) => {
        setSaved(document);
        setDraft(draftOf(document));
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [path]);

  const instances = useMemo(
    () => connection.sides.map((side) => side.instance) as [string, string],
    [connection.sides],
  );
  const served = useMemo(
    () => connection.sides.filter((side) => !side.remote).map((side) => side.instance),
    [connection.sides],
  );
  const dirty = saved !== undefined && draft !== undefined && JSON.stringify(draftOf(saved)) !== JSON.stringify(draft);

  const chooseMode = (mode: RulesMode) => {
    setMessage(undefined);
    if (saved && saved.mode === mode) return setDraft(draftOf(saved));
    if (mode === 'basic') return setDraft({ mode: 'basic' });
    if (mode === 'visual') return setDraft({ mode: 'visual', visual: saved?.visual ?? starterVisualRules(instances) });
    const script: ScriptDraft = {};
    for (const instance of served)
      script[instance] = { outgoing: starterOutgoingScript(instance), incoming: starterIncomingScript(instance) };
    setDraft({ mode: 'script', script });
  };

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const document = await api<RulesDocument>('PUT', path, draft);
      setSaved(document);
      setDraft(draftOf(document));
      setScriptErrorLines({});
      setMessage('Saved to the config file and applied.');
      await onChanged();
    } catch (failure) {
      setError(describeError(failure));
      if (failure instanceof ApiError) setScriptErrorLines(scriptLinesOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const heardReport = (report: DryRunReport | null) => {
    if (!report || draft?.mode !== 'script' || !report.target || !report.target.served) return;
    const lines: Record<string, number | null> = {};
    for (const problem of report.target.problems) {
      const file = problem.details?.['file'];
      const line = problemLine(problem);
      if (typeof file === 'string' && line !== null) lines[file] = line;
    }
    setScriptErrorLines(lines);
  };

  if (!draft)
    return error ? (
      <p className="error-text" role="alert">
        {error}
      </p>
    ) : (
      <p className="muted">Loading the rules…</p>
    );
  return (
    <div className="rules-layout">
      <div className="stack">
        <div className="card">
          <div className="actions">
            <label className="inline">
              Mode
              <select
                className="mode-select"
                aria-label="Rules mode"
                value={draft.mode}
                onChange={(event) => chooseMode(event.target.value as RulesMode)}
              >
                <option value="basic">Basic: summary, description, comments, attachments</option>
                <option value="visual">Visual: field mappings</option>
                <option value="script">Script: TypeScript rules</option>
              </select>
            </label>
            <span className="spacer" />
            {dirty && (
              <span className="muted small" data-testid="unsaved">
                unsaved changes
              </span>
            )}
            <button type="button" disabled={!dirty || busy} onClick={() => saved && setDraft(draftOf(saved))}>
              Revert
            </button>
            <button type="button" className="primary" disabled={!dirty || busy} onClick={save}>
              Save rules
            </button>
          </div>
          {message && (
            <p className="good-text" role="status">
              {message}
            </p>
          )}
          {error && (
            <pre className="error-text" role="alert">
              {error}
            </pre>
          )}
        </div>
        {draft.mode === 'basic' && (
          <p className="card muted">
            Basic mode needs no configuration: summary, description, comments, attachments and issue type travel both
            ways, with a link to the twin.
          </p>
        )}
        {draft.mode === 'visual' && (
          <VisualMappingEditor
            instances={instances}
            rules={draft.visual}
            onChange={(visual: VisualRules) => setDraft({ mode: 'visual', visual })}
          />
        )}
        {draft.mode === 'script' && (
          <ScriptRulesEditor
            files={saved?.script ?? null}
            draft={draft.script}
            errorLines={scriptErrorLines}
            onChange={(script) => setDraft({ mode: 'script', script })}
          />
        )}
      </div>
      <DryRunPanel connection={connection.name} rules={draft} onReport={heardReport} />
    </div>
  );
}

/** Script errors of a refused save, by file: the line to mark in each editor. */
function scriptLinesOf(error: ApiError): Record<string, number | null> {
  const lines: Record<string, number | null> = {};
  const errors = error.details['scriptErrors'];
  if (!Array.isArray(errors)) return lines;
  for (const entry of errors) {
    const { file, line } = (entry ?? {}) as { file?: unknown; line?: unknown };
    if (typeof file === 'string') lines[file] = typeof line === 'number' ? line : null;
  }
  return lines;
}
