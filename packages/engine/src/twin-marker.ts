/**
 * The traces Tandem leaves in Jira so that a twin can be recognised without its store: an entity property on each
 * issue (`tandem.twin`) and a remote link to the twin. The property on a copy is written in the create request
 * itself, so a create whose response was lost can be found by its intent.
 */
export const TWIN_PROPERTY = 'tandem.twin';

export interface TwinMarker {
  connection: string;
  twinId: string;
  /** Set on copies Tandem created: the create's intent id and the issue it copies. */
  intent?: string;
  origin?: { instance: string; issueId: string; issueKey: string };
  /** Set on both issues once twinned: the other issue. */
  twin?: { instance: string; issueId: string; issueKey: string };
}

/** Reads a marker from an issue's properties, or undefined when there is none (or it is not Tandem's shape). */
export function readMarker(properties: Record<string, unknown>): TwinMarker | undefined {
  const value = properties[TWIN_PROPERTY];
  if (typeof value !== 'object' || value === null) return undefined;
  const marker = value as Partial<TwinMarker>;
  if (typeof marker.connection !== 'string' || typeof marker.twinId !== 'string') return undefined;
  return marker as TwinMarker;
}

/** Whether these issue properties mark the copy Tandem created, in `connection`, of `instance`'s issue `issueId`. */
export function isCopyOf(
  properties: Record<string, unknown>,
  connection: string,
  instance: string,
  issueId: string | null,
): boolean {
  const marker = readMarker(properties);
  return (
    issueId !== null &&
    marker?.connection === connection &&
    marker.origin?.instance === instance &&
    marker.origin.issueId === issueId
  );
}

/** The remote link's globalId for a twin's issue (stable: upserts never duplicate the link). */
export function remoteLinkGlobalId(connection: string, instance: string, issueId: string): string {
  return `tandem:${connection}:${instance}:${issueId}`;
}
