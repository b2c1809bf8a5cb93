/** Tandem's Jira adapter: the tracker port for Jira Cloud and Jira Data Center. */
export { createTracker } from './create-tracker.ts';
export { JiraTracker } from './jira-tracker.ts';
export { JiraCloudTracker } from './jira-cloud-tracker.ts';
export { JiraDataCenterTracker } from './jira-datacenter-tracker.ts';
export { JIRA_CLOUD, JIRA_DATA_CENTER, type JiraFlavorCapabilities } from './jira-flavor-capabilities.ts';
export type { JiraCallStats } from './jira-http-client.ts';
export type { JiraRateLimitedEvent, JiraSendEvent, JiraSentEvent } from './send-log.ts';
export { JiraTrackerConfigError, type JiraTrackerConfig, type JiraTrackerOptions } from './jira-tracker-options.ts';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, seededRandom, type RetryPolicy } from './retry-policy.ts';
export { jqlString, propertyEqualsJql } from './jql-literal.ts';
