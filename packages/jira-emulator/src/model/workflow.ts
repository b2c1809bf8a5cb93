/**
 * Workflows: which transitions an issue offers its viewer, and what running one requires.
 * Jira cannot set status by edit; status only changes through these transitions.
 */
import type { JiraState } from './jira-state.ts';
import type { Issue, User, Workflow, WorkflowTransition } from './types.ts';

/** The workflow an issue follows (per project and issue type). */
export function workflowFor(state: JiraState, issue: Pick<Issue, 'projectId' | 'fields'>): Workflow {
  const project = state.projectById(issue.projectId);
  const name = project.workflowByIssueType[issue.fields.issuetype] ?? project.defaultWorkflow;
  const workflow = state.data.workflows.find((candidate) => candidate.name === name);
  if (!workflow) throw new Error(`workflow "${name}" of project ${project.key} does not exist`);
  return workflow;
}

/** Whether a user meets a transition's conditions on an issue. */
export function meetsConditions(state: JiraState, transition: WorkflowTransition, issue: Issue, user: User): boolean {
  const project = state.projectById(issue.projectId);
  return transition.conditions.every((condition) => {
    switch (condition.type) {
      case 'userInGroup':
        return state.userInGroup(user, condition.group);
      case 'userInProjectRole':
        return state.userHasRole(user, project, String(condition.roleId));
      case 'onlyAssignee':
        return issue.fields.assignee === user.accountId;
      case 'onlyReporter':
        return issue.fields.reporter === user.accountId;
    }
  });
}

/** Transitions from the issue's current status that this user may run, in workflow order. */
export function availableTransitions(state: JiraState, issue: Issue, user: User): WorkflowTransition[] {
  const workflow = workflowFor(state, issue);
  return workflow.transitions.filter(
    (transition) =>
      (transition.from.length === 0 || transition.from.includes(issue.fields.status)) &&
      meetsConditions(state, transition, issue, user),
  );
}
