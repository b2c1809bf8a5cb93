/**
 * Status changes go through workflow transitions. Jira shows only the transitions open from an issue's current
 * status, so the engine learns the workflow as it goes (every list of transitions it reads is an edge set) and walks
 * the shortest known path; where no path is known yet it explores one step and learns more.
 */

/** One transition seen from one status. Status names compare case-insensitively, as Jira's do. */
export interface KnownTransition {
  from: string;
  id: string;
  name: string;
  to: string;
}

const same = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/** The shortest run of known transitions from status `from` to status `to`; `[]` when already there, null when no path is known. */
export function shortestTransitionPath(
  edges: readonly KnownTransition[],
  from: string,
  to: string,
): KnownTransition[] | null {
  if (same(from, to)) return [];
  const previous = new Map<string, KnownTransition>();
  const seen = new Set([from.toLocaleLowerCase()]);
  let frontier = [from];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const status of frontier) {
      for (const edge of edges) {
        if (!same(edge.from, status)) continue;
        const target = edge.to.toLocaleLowerCase();
        if (seen.has(target)) continue;
        seen.add(target);
        previous.set(target, edge);
        if (same(edge.to, to)) {
          const path: KnownTransition[] = [];
          let step: KnownTransition | undefined = edge;
          while (step) {
            path.unshift(step);
            step = same(step.from, from) ? undefined : previous.get(step.from.toLocaleLowerCase());
          }
          return path;
        }
        next.push(edge.to);
      }
    }
    frontier = next;
  }
  return null;
}

/**
 * When no known path leads to `to`: the transition to explore next from `from` — one to a status not visited in this
 * walk, preferring the target's status category. Undefined when every open transition leads back.
 */
export function explorationStep<T extends { to: { name: string; category: string } }>(
  open: readonly T[],
  visited: ReadonlySet<string>,
  targetCategory: string | undefined,
): T | undefined {
  const fresh = open.filter((transition) => !visited.has(transition.to.name.toLocaleLowerCase()));
  return fresh.find((transition) => transition.to.category === targetCategory) ?? fresh[0];
}
