/** The Jira emulator as a library: start one Cloud or Data Center instance in-process. */
export { startJiraEmulator, type JiraEmulator } from './start-jira-emulator.ts';
export type { JiraEmulatorOptions } from './emulator-options.ts';
export type { EmulatorSettings } from './emulator-settings.ts';
export type { Flavor } from './model/types.ts';
export { ADMIN_EMAIL, DEFAULT_TOKEN } from './model/defaults.ts';
