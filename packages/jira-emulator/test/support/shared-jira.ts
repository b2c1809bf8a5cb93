/**
 * Where the shared Jira reference data lives (official OpenAPI documents and captured responses, see
 * `../shared/jira/SOURCES.md`). It sits outside the repository, so every test that reads it goes through here.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable that overrides the location of the shared Jira folder (holds `specs/` and `fixtures/`). */
export const SHARED_JIRA_ENV = 'TANDEM_SHARED_JIRA';

/** Thrown when the shared Jira reference data cannot be found; names the path that was tried. */
export class SharedJiraMissingError extends Error {
  /** The folder that was looked for. */
  readonly path: string;

  constructor(folder: string, source: string, options?: ErrorOptions) {
    super(
      `Shared Jira reference data not found at ${folder} (${source}). ` +
        `Check out the shared folder next to the repository or set ${SHARED_JIRA_ENV} to its path.`,
      options,
    );
    this.name = 'SharedJiraMissingError';
    this.path = folder;
  }
}

// This file is packages/jira-emulator/test/support/shared-jira.ts: the repository root is four folders up from
// its own folder (support → test → jira-emulator → packages → root).
const supportFolder = path.dirname(fileURLToPath(import.meta.url));
const repositoryRoot = path.resolve(supportFolder, '..', '..', '..', '..');

/** Absolute path of the shared Jira folder: `$TANDEM_SHARED_JIRA`, else `<repo root>/../shared/jira`; throws if absent. */
export function sharedJiraDir(): string {
  const fromEnv = process.env[SHARED_JIRA_ENV];
  const folder =
    fromEnv !== undefined && fromEnv !== ''
      ? path.resolve(fromEnv)
      : path.resolve(repositoryRoot, '..', 'shared', 'jira');
  const source = fromEnv !== undefined && fromEnv !== '' ? `from ${SHARED_JIRA_ENV}` : 'default location';
  let isFolder = false;
  try {
    isFolder = existsSync(folder) && statSync(folder).isDirectory();
  } catch (cause) {
    throw new SharedJiraMissingError(folder, source, { cause });
  }
  if (!isFolder) throw new SharedJiraMissingError(folder, source);
  return folder;
}

/** Absolute path of a file or folder inside the shared Jira folder, e.g. `sharedJiraPath('specs', 'x.json')`. */
export function sharedJiraPath(...segments: string[]): string {
  return path.join(sharedJiraDir(), ...segments);
}
