/** The adapter's entry point for composition roots: a tracker for a configured Jira instance. */
import { JiraCloudTracker } from './jira-cloud-tracker.ts';
import { JiraDataCenterTracker } from './jira-datacenter-tracker.ts';
import type { JiraTracker } from './jira-tracker.ts';
import type { JiraTrackerConfig, JiraTrackerOptions } from './jira-tracker-options.ts';

const TRACKERS = {
  'jira-cloud': JiraCloudTracker,
  'jira-datacenter': JiraDataCenterTracker,
} as const;

/** A Cloud or Data Center tracker by `config.type`; throws JiraTrackerConfigError listing every bad key. */
export function createTracker(config: JiraTrackerConfig, options: JiraTrackerOptions = {}): JiraTracker {
  const Tracker = TRACKERS[config.type] as (typeof TRACKERS)[keyof typeof TRACKERS] | undefined;
  if (Tracker === undefined) return new JiraCloudTracker(config, options); // the config check reports the bad type
  return new Tracker(config, options);
}
