/** Every Jira REST route the emulator serves, in one list (the control API is separate). */
import type { RouteDefinition } from '../http/route-definition.ts';
import { attachmentRoutes } from './attachment-routes.ts';
import { changelogRoutes } from './changelog-routes.ts';
import { commentRoutes } from './comment-routes.ts';
import { fieldOptionRoutes } from './field-option-routes.ts';
import { issueLinkRoutes } from './issue-link-routes.ts';
import { issueRoutes } from './issue-routes.ts';
import { metaRoutes } from './meta-routes.ts';
import { metadataRoutes } from './metadata-routes.ts';
import { projectRoutes } from './project-routes.ts';
import { entityPropertyRoutes } from './property-routes.ts';
import { remoteLinkRoutes } from './remote-link-routes.ts';
import { searchRoutes } from './search-routes.ts';
import { serverRoutes } from './server-routes.ts';
import { transitionRoutes } from './transition-routes.ts';
import { userRoutes } from './user-routes.ts';
import { worklogRoutes } from './worklog-routes.ts';

export const jiraRoutes: RouteDefinition[] = [
  ...serverRoutes,
  ...metadataRoutes,
  ...fieldOptionRoutes,
  ...projectRoutes,
  ...userRoutes,
  ...metaRoutes,
  ...issueRoutes,
  ...transitionRoutes,
  ...commentRoutes,
  ...attachmentRoutes,
  ...remoteLinkRoutes,
  ...issueLinkRoutes,
  ...entityPropertyRoutes,
  ...worklogRoutes,
  ...changelogRoutes,
  ...searchRoutes,
];
