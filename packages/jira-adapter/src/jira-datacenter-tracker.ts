/** Jira Data Center: REST v2, wiki markup (converted from and to ADF), usernames, `/search` with `startAt`. */
import { JIRA_DATA_CENTER } from './jira-flavor-capabilities.ts';
import { JiraTracker } from './jira-tracker.ts';
import type { JiraTrackerConfig, JiraTrackerOptions } from './jira-tracker-options.ts';

export class JiraDataCenterTracker extends JiraTracker {
  constructor(config: JiraTrackerConfig, options: JiraTrackerOptions = {}) {
    super(config, JIRA_DATA_CENTER, options);
  }
}
