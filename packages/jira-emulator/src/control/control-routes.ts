/** Every control-API route (under `/_emulator`, unauthenticated), in one list mounted beside Jira's routes. */
import type { RouteDefinition } from '../http/route-definition.ts';
import { clockRoutes } from './clock-routes.ts';
import { faultRoutes } from './fault-routes.ts';
import { fieldAdminRoutes } from './field-admin-routes.ts';
import { lifecycleRoutes } from './lifecycle-routes.ts';
import { rateLimitRoutes } from './rate-limit-routes.ts';
import { statsRoutes } from './stats-routes.ts';
import { userAdminRoutes } from './user-admin-routes.ts';
import { workflowAdminRoutes } from './workflow-admin-routes.ts';

export const controlRoutes: RouteDefinition[] = [
  ...faultRoutes,
  ...rateLimitRoutes,
  ...statsRoutes,
  ...clockRoutes,
  ...lifecycleRoutes,
  ...userAdminRoutes,
  ...fieldAdminRoutes,
  ...workflowAdminRoutes,
];
