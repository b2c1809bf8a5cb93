/**
 * A failed run as a RuleError that points at the user's own file, line and column: QuickJS's stack positions are in
 * the compiled module, and the compiler's source map takes them back to the TypeScript or JavaScript the user wrote.
 */
import { RuleError } from '@tandem/core';
import type { CompiledScript } from './compile-script.ts';
import { SANDBOX_PRELUDE_FILENAME, SANDBOX_SCRIPT_FILENAME, type SandboxFailure } from './sandbox-messages.ts';

interface StackFrame {
  functionName: string | null;
  file: string;
  line: number | null;
  column: number | null;
}

const FRAME_WITH_POSITION = /^\s*at (?:(.+?) \()?([^()\s]+?):(\d+):(\d+)\)?\s*$/;
const FRAME_WITHOUT_POSITION = /^\s*at (.+?) \(([^()]+)\)\s*$/;

/** The RuleError for a failure; its cause is an Error whose stack lists the user's frames in their own positions. */
export function ruleErrorOf(failure: SandboxFailure, script: CompiledScript): RuleError {
  const frames = failure.stack
    .split('\n')
    .map((line) => parseFrame(line))
    .filter((frame): frame is StackFrame => frame !== null)
    .map((frame) => (frame.file === SANDBOX_SCRIPT_FILENAME ? mapFrame(frame, script) : frame));
  const own = frames.find((frame) => frame.file === script.name && frame.line !== null);

  const details: ConstructorParameters<typeof RuleError>[1] = { file: script.name, reason: failure.reason };
  if (own?.line != null) {
    details.line = own.line;
    if (own.column !== null) details.column = own.column;
  } else if (failure.missingModule !== undefined) {
    const line = lineImporting(script.source, failure.missingModule);
    if (line !== null) details.line = line;
  }

  const message =
    failure.name !== null && failure.name !== 'Error' && !failure.message.startsWith(failure.name)
      ? `${failure.name}: ${failure.message}`
      : failure.message;
  const cause = new Error(failure.message);
  cause.name = failure.name ?? 'Error';
  cause.stack = [`${cause.name}: ${failure.message}`, ...frames.filter(shown).map(formatFrame)].join('\n');
  details.cause = cause;
  return new RuleError(message, details);
}

function parseFrame(line: string): StackFrame | null {
  const positioned = FRAME_WITH_POSITION.exec(line);
  if (positioned) {
    return {
      functionName: positioned[1] ?? null,
      file: positioned[2] ?? '',
      line: Number(positioned[3]),
      column: Number(positioned[4]),
    };
  }
  const plain = FRAME_WITHOUT_POSITION.exec(line);
  if (plain) return { functionName: plain[1] ?? null, file: plain[2] ?? '', line: null, column: null };
  return null;
}

/** A frame of the compiled module, moved to the user's file (QuickJS and Node both count lines and columns from 1). */
function mapFrame(frame: StackFrame, script: CompiledScript): StackFrame {
  const mapped = { ...frame, file: script.name };
  if (frame.line === null || frame.column === null) return mapped;
  const origin = script.sourceMap.findOrigin(frame.line, frame.column);
  if (!('lineNumber' in origin)) return { ...mapped, line: null, column: null };
  return { ...mapped, line: origin.lineNumber, column: origin.columnNumber };
}

/** Tandem's prelude frames are noise to the user, but its helpers' names tell which call failed. */
function shown(frame: StackFrame): boolean {
  return frame.file !== SANDBOX_PRELUDE_FILENAME || frame.functionName !== null;
}

function formatFrame(frame: StackFrame): string {
  const where =
    frame.file === SANDBOX_PRELUDE_FILENAME
      ? 'tandem'
      : frame.line === null
        ? frame.file
        : `${frame.file}:${frame.line}${frame.column === null ? '' : `:${frame.column}`}`;
  return frame.functionName === null ? `    at ${where}` : `    at ${frame.functionName} (${where})`;
}

/** The first line of `source` that imports `module` (static or dynamic), 1-based. */
function lineImporting(source: string, module: string): number | null {
  const quoted = [`'${module}'`, `"${module}"`, `\`${module}\``];
  const lines = source.split(/\r?\n/);
  const index = lines.findIndex((line) => /\bimport\b|\bfrom\b/.test(line) && quoted.some((q) => line.includes(q)));
  return index === -1 ? null : index + 1;
}
