/**
 * The node's YAML configuration file, edited in place by the API (new connections, rules, triggers, sync methods).
 * Edits go through the `yaml` package's Document, so comments and layout elsewhere in the file survive; every edited
 * text is parsed by @tandem/config's own parser before it is written, and written atomically (a temporary file, then a
 * rename). One edit runs at a time, each on the file as it is on disk then.
 */
import { chmod, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, parseConfig, type TandemConfig } from '@tandem/config';
import { parseDocument, type Document } from 'yaml';

type Env = Readonly<Record<string, string | undefined>>;

/** The file cannot be edited as it is now: unreadable, or invalid before any change (someone edited it by hand). */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

export class ConfigFile {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** Absolute path. */
    readonly path: string,
    private readonly env: Env,
  ) {}

  /** Runs `work` after every edit started before it has finished: read, change and write never interleave. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The file as a YAML document, and the configuration it parses to now. */
  async read(): Promise<{ document: Document.Parsed; config: TandemConfig }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      throw new ConfigFileError(`cannot read the configuration file ${this.path}`, { cause: error });
    }
    const document = parseDocument(text);
    try {
      return { document, config: this.check(document) };
    } catch (error) {
      if (error instanceof ConfigError)
        throw new ConfigFileError(`the configuration file is not valid as it is now; fix it first:\n${error.message}`, {
          cause: error,
        });
      throw error;
    }
  }

  /** Parses a changed document with the config parser; throws ConfigError listing every problem. */
  check(document: Document): TandemConfig {
    return parseConfig(configText(document), { env: this.env, sourceName: this.path, baseDir: dirname(this.path) });
  }

  /** Writes the document in place of the file, keeping the file's mode. */
  async write(document: Document): Promise<void> {
    await writeAtomically(this.path, configText(document));
  }
}

/**
 * The document as text. No line width: lines are never folded and inline mappings (`blue: { type: …, url: … }`) stay
 * on their line however long, as the person who wrote them chose.
 */
export function configText(document: Document): string {
  return document.toString({ lineWidth: 0 });
}

/** Writes `text` to `path` through a temporary file and a rename: readers see the old or the new file, never half. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  let mode: number | undefined;
  try {
    mode = (await stat(path)).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    await writeFile(temporary, text, { mode: mode ?? 0o644 });
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
