/**
 * Keeps an emulator's state across restarts with `--data DIR`: the JSON state in DIR/state.json (written atomically,
 * shortly after each change and on close) and attachment bytes under DIR/attachments/.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JiraData } from '../model/jira-data.ts';
import type { JiraState } from '../model/jira-state.ts';
import type { Flavor } from '../model/types.ts';

export class StateFile {
  private readonly path: string;
  private savedRevision = -1;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'state.json');
  }

  /** The saved data, or undefined when the directory is new. Refuses another flavour's data. */
  load(flavor: Flavor): JiraData | undefined {
    if (!existsSync(this.path)) return undefined;
    const data = JSON.parse(readFileSync(this.path, 'utf8')) as JiraData;
    if (data.formatVersion !== 1)
      throw new Error(`${this.path}: unsupported state format ${String(data.formatVersion)}`);
    if (data.flavor !== flavor)
      throw new Error(`${this.path} holds a ${data.flavor} instance; it cannot be started as ${flavor}`);
    return data;
  }

  /** Writes the state now if it changed since the last write. */
  save(state: JiraState): void {
    if (state.revision === this.savedRevision) return;
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify(state.data));
    renameSync(temporary, this.path);
    this.savedRevision = state.revision;
  }

  /** Saves every `intervalMs` while the state changes (default 200 ms). */
  watch(state: JiraState, intervalMs = 200): void {
    this.savedRevision = state.revision;
    this.timer = setInterval(() => this.save(state), intervalMs);
    this.timer.unref();
  }

  stop(state: JiraState): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.save(state);
  }
}
