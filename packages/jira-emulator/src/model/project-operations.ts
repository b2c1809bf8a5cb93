/** Creating projects (through Jira's own POST /project, the control API or the demo seed). */
import { JiraError } from '../http/jira-error.ts';
import { DEFAULT_WORKFLOW_NAME } from './defaults.ts';
import { nextId } from './jira-data.ts';
import type { JiraState } from './jira-state.ts';
import type { Project } from './types.ts';

export interface NewProject {
  key: string;
  name: string;
  leadAccountId: string;
  description?: string;
  projectTypeKey?: Project['projectTypeKey'];
}

/** Creates a project with every default issue type and the default workflow; errors as Jira words them. */
export function createProject(state: JiraState, input: NewProject): Project {
  const errors: Record<string, string> = {};
  if (!/^[A-Z][A-Z0-9]{1,9}$/.test(input.key)) {
    errors['projectKey'] =
      'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.';
  } else if (state.findProject(input.key)) {
    errors['projectKey'] = `Project '${input.name}' uses this project key.`;
  }
  if (!input.name || input.name.trim().length < 2)
    errors['projectName'] = 'The project name should be at least 2 characters in length.';
  else if (state.data.projects.some((project) => project.name.toLowerCase() === input.name.toLowerCase())) {
    errors['projectName'] = 'A project with that name already exists.';
  }
  if (!state.userById(input.leadAccountId)) errors['projectLead'] = 'The project lead you specified does not exist.';
  if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
  const project: Project = {
    id: nextId(state.data, 'project'),
    key: input.key,
    name: input.name,
    description: input.description ?? '',
    leadAccountId: input.leadAccountId,
    projectTypeKey: input.projectTypeKey ?? 'software',
    issueTypeIds: state.data.issueTypes.map((type) => type.id),
    components: [],
    versions: [],
    roleActors: {
      '10002': { users: [input.leadAccountId], groups: ['jira-administrators'] },
      '10001': { users: [], groups: ['jira-software-users'] },
      '10000': { users: [], groups: [] },
    },
    workflowByIssueType: {},
    defaultWorkflow: DEFAULT_WORKFLOW_NAME,
    nextIssueNumber: 1,
  };
  state.data.projects.push(project);
  state.touch();
  return project;
}
