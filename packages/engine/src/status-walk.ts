/**
 * Moves an issue to a status by name through its workflow: the shortest path over the transitions learned so far
 * (per instance, project and issue type), exploring one step at a time where none is known. Each transition's screen
 * is filled from the values the rules want on the issue (e.g. resolution); a required screen field without a value, or
 * a status no path reaches, stops the twin with a message naming the issue, the status and the field.
 */
import {
  TrackerError,
  explorationStep,
  shortestTransitionPath,
  type FieldValue,
  type KnownTransition,
  type TrackerPort,
  type TrackerTransition,
} from '@tandem/core';
import { SyncStepError } from './sync-step-error.ts';

/** At most this many transitions per status change (a loop guard; real workflows need far fewer). */
const MAX_STEPS = 12;

/** A learned transition with what its screen asked for when Tandem last saw it. */
type LearnedTransition = KnownTransition & { screenFields: TrackerTransition['screenFields'] };

const learned = new WeakMap<TrackerPort, Map<string, LearnedTransition[]>>();

function edgesOf(tracker: TrackerPort, workflowKey: string): LearnedTransition[] {
  let byWorkflow = learned.get(tracker);
  if (!byWorkflow) {
    byWorkflow = new Map();
    learned.set(tracker, byWorkflow);
  }
  let edges = byWorkflow.get(workflowKey);
  if (!edges) {
    edges = [];
    byWorkflow.set(workflowKey, edges);
  }
  return edges;
}

function learn(edges: LearnedTransition[], from: string, open: TrackerTransition[]): void {
  const lower = from.toLocaleLowerCase();
  // What Jira offers now replaces what was known from this status (a workflow may have changed).
  for (let index = edges.length - 1; index >= 0; index--) {
    if (edges[index]?.from.toLocaleLowerCase() === lower) edges.splice(index, 1);
  }
  for (const transition of open)
    edges.push({
      from,
      id: transition.id,
      name: transition.name,
      to: transition.to.name,
      screenFields: transition.screenFields,
    });
}

export interface StatusTarget {
  issueId: string;
  issueKey: string;
  projectKey: string;
  issueType: string;
  current: string;
  target: string;
  /** Values for transition screens, by field id. */
  screenValues: Record<string, FieldValue>;
}

/** The screen values for a transition, or a SyncStepError naming a required field the rules give no value. */
function screenFieldsFor(
  target: StatusTarget,
  transition: { name: string; to: string; screenFields: TrackerTransition['screenFields'] },
): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const screenField of transition.screenFields) {
    const value = target.screenValues[screenField.id];
    if (value !== undefined && value !== null) fields[screenField.id] = value;
    else if (screenField.required) {
      throw new SyncStepError(
        `${target.issueKey}: transition "${transition.name}" to "${transition.to}" requires field "${screenField.name}" ` +
          `(${screenField.id}), and the rules give it no value`,
        { issue: target.issueKey, field: screenField.id, transition: transition.name },
      );
    }
  }
  return fields;
}

/**
 * Runs transitions until the issue is in `target.target`; returns the names of the transitions run. A step the
 * learned workflow already knows is posted directly (no read of the open transitions); only when Jira refuses it, or
 * nothing is known, are the open transitions read and learned.
 */
export async function moveToStatus(tracker: TrackerPort, target: StatusTarget): Promise<string[]> {
  const edges = edgesOf(tracker, `${target.projectKey}|${target.issueType}`);
  const visited = new Set([target.current.toLocaleLowerCase()]);
  const run: string[] = [];
  let current = target.current;
  for (let step = 0; step <= MAX_STEPS; step++) {
    if (current.toLocaleLowerCase() === target.target.toLocaleLowerCase()) return run;
    const known = shortestTransitionPath(edges, current, target.target)?.[0];
    const learnedStep = known && edges.find((edge) => edge.id === known.id && edge.from === known.from);
    if (learnedStep) {
      const fields = screenFieldsFor(target, learnedStep);
      try {
        await tracker.transition(target.issueId, learnedStep.id, fields);
        run.push(learnedStep.name);
        current = learnedStep.to;
        visited.add(current.toLocaleLowerCase());
        continue;
      } catch (error) {
        // The workflow changed (or the issue moved meanwhile): learn what is open now and go on from there.
        if (!(error instanceof TrackerError) || !['bad-request', 'not-found', 'conflict'].includes(error.kind))
          throw error;
      }
    }
    const open = await tracker.transitions(target.issueId);
    learn(edges, current, open);
    const path = shortestTransitionPath(edges, current, target.target);
    const next =
      (path?.[0] && open.find((transition) => transition.id === path[0]?.id)) ??
      explorationStep(open, visited, undefined);
    if (!next) {
      throw new SyncStepError(
        `${target.issueKey}: no workflow path from status "${current}" to "${target.target}"` +
          (open.length === 0
            ? ' (no transition is open to Tandem’s account)'
            : ` (open: ${open.map((transition) => `${transition.name} → ${transition.to.name}`).join(', ')})`),
        { issue: target.issueKey, status: target.target },
      );
    }
    await tracker.transition(
      target.issueId,
      next.id,
      screenFieldsFor(target, { name: next.name, to: next.to.name, screenFields: next.screenFields }),
    );
    run.push(next.name);
    current = next.to.name;
    visited.add(current.toLocaleLowerCase());
  }
  throw new SyncStepError(`${target.issueKey}: status "${target.target}" not reached after ${MAX_STEPS} transitions`, {
    issue: target.issueKey,
    status: target.target,
  });
}
