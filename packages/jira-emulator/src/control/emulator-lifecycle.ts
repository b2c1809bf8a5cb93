/**
 * Restart and reset hooks of one emulator. The control API calls restart(), which start-jira-emulator binds to the
 * server's own restart; parts that keep state outside JiraData (webhook queues, search index) subscribe to onReset.
 */
export type ResetListener = () => void;

export class EmulatorLifecycle {
  private restartHook: (() => Promise<void>) | null = null;
  private resetListeners: ResetListener[] = [];
  private restarting: Promise<void> | null = null;
  private completedRestarts = 0;

  /** How many restarts have completed (tests wait on it after asking the control API for one). */
  get restarts(): number {
    return this.completedRestarts;
  }

  /** Installs the function that restarts the HTTP server (done once the server exists). */
  bindRestart(hook: () => Promise<void>): void {
    this.restartHook = hook;
  }

  /** Stops and starts the HTTP server on the same port with all state kept; concurrent calls share one restart. */
  restart(): Promise<void> {
    if (!this.restartHook) return Promise.reject(new Error('the emulator is not started'));
    const hook = this.restartHook;
    this.restarting ??= hook()
      .then(() => {
        this.completedRestarts++;
      })
      .finally(() => {
        this.restarting = null;
      });
    return this.restarting;
  }

  /** Runs `listener` after every reset; returns an unsubscribe function. */
  onReset(listener: ResetListener): () => void {
    this.resetListeners.push(listener);
    return () => {
      this.resetListeners = this.resetListeners.filter((candidate) => candidate !== listener);
    };
  }

  /** Tells subscribers the state went back to defaults. */
  notifyReset(): void {
    for (const listener of this.resetListeners) listener();
  }
}
