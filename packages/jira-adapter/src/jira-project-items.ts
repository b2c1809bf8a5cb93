/**
 * A project's components and versions: their names, and creating a missing one. Creating is safe to repeat: when
 * Jira refuses the create (a duplicate name) or its outcome is unknown, one that exists now counts as success.
 */
import { TrackerError } from '@tandem/core';
import { enc, type JiraRest } from './jira-rest.ts';
import { sameText } from './same-text.ts';

export class JiraProjectItems {
  /** Project ids by key (creating a version needs the id; it never changes). */
  private readonly projectIds = new Map<string, string>();

  constructor(private readonly rest: JiraRest) {}

  /** Names of the project's components, in Jira's order. */
  async components(projectKey: string): Promise<string[]> {
    return this.names(projectKey, 'components');
  }

  /** Names of the project's versions, in Jira's order. */
  async versions(projectKey: string): Promise<string[]> {
    return this.names(projectKey, 'versions');
  }

  /** Creates a component unless the project has one of that name. */
  async createComponent(projectKey: string, name: string): Promise<void> {
    await this.createUnlessPresent(
      () => this.components(projectKey),
      name,
      () =>
        this.rest.call({
          method: 'POST',
          route: '/component',
          path: '/component',
          json: { project: projectKey, name },
          subject: `component '${name}' of ${projectKey}`,
          idempotent: false,
        }),
    );
  }

  /** Creates a version unless the project has one of that name. */
  async createVersion(projectKey: string, name: string): Promise<void> {
    await this.createUnlessPresent(
      () => this.versions(projectKey),
      name,
      async () =>
        this.rest.call({
          method: 'POST',
          route: '/version',
          path: '/version',
          // Cloud requires the project's id here (its `project` key is deprecated); Data Center takes it too.
          json: { projectId: Number(await this.projectId(projectKey)), name },
          subject: `version '${name}' of ${projectKey}`,
          idempotent: false,
        }),
    );
  }

  private async names(projectKey: string, list: 'components' | 'versions'): Promise<string[]> {
    const items = await this.rest.json(
      {
        method: 'GET',
        route: `/project/{key}/${list}`,
        path: `/project/${enc(projectKey)}/${list}`,
        subject: `project ${projectKey}`,
      },
      this.rest.schemas.namedList,
    );
    return items.map((item) => item.name);
  }

  private async createUnlessPresent(
    list: () => Promise<string[]>,
    name: string,
    create: () => Promise<void>,
  ): Promise<void> {
    try {
      await create();
    } catch (error) {
      if (!(error instanceof TrackerError) || !['bad-request', 'unknown-outcome'].includes(error.kind)) throw error;
      const present = await list().catch(() => [] as string[]);
      if (!present.some((candidate) => sameText(candidate, name))) throw error;
    }
  }

  private async projectId(projectKey: string): Promise<string> {
    const known = this.projectIds.get(projectKey);
    if (known !== undefined) return known;
    const project = await this.rest.json(
      {
        method: 'GET',
        route: '/project/{key}',
        path: `/project/${enc(projectKey)}`,
        subject: `project ${projectKey}`,
      },
      this.rest.schemas.project,
    );
    this.projectIds.set(projectKey, project.id);
    return project.id;
  }
}
