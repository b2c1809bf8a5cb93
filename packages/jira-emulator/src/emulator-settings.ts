/** Tunables of one emulator instance; all have Jira's defaults. */
export interface EmulatorSettings {
  /** Largest attachment accepted, in bytes (Jira Cloud's default is 1 GB; ours is smaller to keep tests light). */
  attachmentMaxBytes: number;
  /** Server title shown by serverInfo. */
  serverTitle: string;
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  attachmentMaxBytes: 10 * 1024 * 1024,
  serverTitle: 'Jira',
};
