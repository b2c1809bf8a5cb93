/**
 * A script editor: CodeMirror 6 with TypeScript highlighting, line numbers and the usual keys. Controlled from
 * outside through `value`; every edit is reported through `onChange`. A line given in `errorLine` is marked.
 */
import { javascript } from '@codemirror/lang-javascript';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

const setErrorLine = StateEffect.define<number | null>();

/** Marks one line (1-based) as the line a rule error points at. */
const errorLineField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      if (line === null || line < 1 || line > transaction.state.doc.lines) next = Decoration.none;
      else
        next = Decoration.set([
          Decoration.line({ class: 'cm-error-line' }).range(transaction.state.doc.line(line).from),
        ]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** One script file in an editor; `label` names it for screen readers and tests. */
export function CodeEditor({
  value,
  onChange,
  label,
  errorLine = null,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  errorLine?: number | null;
}) {
  const host = useRef<HTMLDivElement | null>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const extensions: Extension[] = [
      basicSetup,
      javascript({ typescript: true }),
      errorLineField,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) changed.current(update.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ];
    view.current = new EditorView({ state: EditorState.create({ doc: value, extensions }), parent: host.current });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // The editor is created once; later values arrive through the effect below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setErrorLine.of(errorLine) });
  }, [errorLine]);

  return <div className="code-editor" ref={host} data-label={label} />;
}
