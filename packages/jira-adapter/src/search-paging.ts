/**
 * The two ways Jira pages a JQL search. Cloud's enhanced search (`/search/jql`) hands out a `nextPageToken` until
 * `isLast`; Data Center's `/search` pages by `startAt` against a `total`.
 */
import type { TrackerIssueRef } from '@tandem/core';
import type { z } from 'zod';
import type { JiraSchemas } from './jira-response-schemas.ts';

/** Fetches one page of the flavour's search resource with these query parameters, validated by `schema`. */
export type FetchSearchPage = <T>(
  query: Record<string, string | number | undefined>,
  schema: z.ZodType<T, unknown>,
) => Promise<T>;

export interface SearchPaging {
  /** The search resource below the REST API root. */
  readonly route: string;
  /** Every page of the search, in order. */
  pages(
    jql: string,
    pageSize: number,
    fetchPage: FetchSearchPage,
    schemas: JiraSchemas,
  ): AsyncGenerator<TrackerIssueRef[]>;
}

const toRef = (issue: { id: string; key: string; fields: { updated: number } }): TrackerIssueRef => ({
  id: issue.id,
  key: issue.key,
  updated: issue.fields.updated,
});

export const nextPageTokenPaging: SearchPaging = {
  route: '/search/jql',
  async *pages(jql, pageSize, fetchPage, schemas) {
    let nextPageToken: string | undefined;
    for (;;) {
      const page = await fetchPage(
        { jql, fields: 'updated', maxResults: pageSize, nextPageToken },
        schemas.tokenSearchPage,
      );
      yield page.issues.map(toRef);
      // A missing token also ends the search: asking again without one would restart from the first page.
      if (page.isLast !== false || page.nextPageToken === undefined) return;
      nextPageToken = page.nextPageToken;
    }
  },
};

export const startAtPaging: SearchPaging = {
  route: '/search',
  async *pages(jql, pageSize, fetchPage, schemas) {
    let startAt = 0;
    for (;;) {
      const page = await fetchPage({ jql, fields: 'updated', maxResults: pageSize, startAt }, schemas.offsetSearchPage);
      yield page.issues.map(toRef);
      startAt = page.startAt + page.issues.length;
      if (page.issues.length === 0 || startAt >= page.total) return;
    }
  },
};
