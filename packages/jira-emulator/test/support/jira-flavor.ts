/** Which Jira the emulator is pretending to be, and so which official OpenAPI document its answers are checked against. */
export type JiraFlavor = 'cloud' | 'datacenter';

/** Both flavours, for `for (const flavor of JIRA_FLAVORS)` suites. */
export const JIRA_FLAVORS = ['cloud', 'datacenter'] as const satisfies readonly JiraFlavor[];
