/** The live log of sync steps run in this process: one readable line per step that changed something or failed. */
import type { StepReport } from '@tandem/engine';
import { describeStep, isNoteworthy, type TandemNode } from '@tandem/server';

/** `HH:MM:SS` of an epoch-ms time, local. */
export function clockTime(at: number): string {
  return new Date(at).toTimeString().slice(0, 8);
}

/** Calls `write` with the line of each noteworthy step (`all`: unchanged and skipped steps too). */
export function stepLogger(write: (line: string) => void, all = false) {
  return (report: StepReport, node: TandemNode): void => {
    if (!all && !isNoteworthy(report)) return;
    node.store.getTwin(report.event.twinId).then(
      (twin) => write(`${clockTime(Date.now())}  ${describeStep(report, twin)}`),
      () => write(`${clockTime(Date.now())}  ${describeStep(report, undefined)}`),
    );
  };
}
