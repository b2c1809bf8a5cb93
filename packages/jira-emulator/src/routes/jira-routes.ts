/** Every Jira REST route the emulator serves, in one list (the control API is separate). */
import type { RouteDefinition } from '../http/route-definition.ts';
import { commentRoutes } from './comment-routes.ts';
import { fieldOptionRoutes } from './field-option-routes.ts';
import { issueRoutes } from './issue-routes.ts';
import { metaRoutes } from './meta-routes.ts';
import { metadataRoutes } from './metadata-routes.ts';
import { projectRoutes } from './project-routes.ts';
import { serverRoutes } from './server-routes.ts';
import { transitionRoutes } from './transition-routes.ts';
import { userRoutes } from './user-routes.ts';

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
];
