/** Jira Cloud: REST v3, ADF, accountId users, enhanced search with `nextPageToken`. */
import { JIRA_CLOUD } from './jira-flavor-capabilities.ts';
import { JiraTracker } from './jira-tracker.ts';
import type { JiraTrackerConfig, JiraTrackerOptions } from './jira-tracker-options.ts';

export class JiraCloudTracker extends JiraTracker {
  constructor(config: JiraTrackerConfig, options: JiraTrackerOptions = {}) {
    super(config, JIRA_CLOUD, options);
  }
}
