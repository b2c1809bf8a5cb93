/**
 * Everything that differs between Jira Cloud and Jira Data Center, declared once per flavour. The tracker reads
 * these; it never asks which flavour it is talking to.
 */
import type { RateLimitScope, TrackerFlavor, TrackerUser } from '@tandem/core';
import { adfToWiki, wikiToAdf, type AdfDoc } from '@tandem/rich-text';
import { z } from 'zod';
import type { FlavorReaders } from './jira-response-schemas.ts';
import { nextPageTokenPaging, startAtPaging, type SearchPaging } from './search-paging.ts';

export interface JiraFlavorCapabilities {
  readonly flavor: TrackerFlavor;
  /** The REST API root below the instance URL. */
  readonly apiPath: string;
  /** How users and rich text read on this flavour's API. */
  readonly readers: FlavorReaders;
  /** Rich text as this flavour's API takes it (throws RichTextConversionError when ADF cannot be converted). */
  readonly writeRichText: (doc: AdfDoc | null) => unknown;
  readonly searchPaging: SearchPaging;
  /** The list key of the paginated createmeta issue types answer. */
  readonly createMetaIssueTypesKey: 'issueTypes' | 'values';
  /**
   * Where a comment's Jira Service Management "internal" flag comes from: Cloud renders `jsdPublic`; Data Center has
   * only the `sd.public.comment` comment property, read through `expand=properties` on the comment list.
   */
  readonly internalCommentFlag: 'jsd-public-field' | 'comment-property';
  /**
   * How attachment bytes are fetched: Cloud's `/attachment/content/{id}` (a redirect to the bytes); Data Center's
   * `content` URL from the attachment's metadata.
   */
  readonly attachmentDownload: 'content-resource' | 'metadata-content-url';
  /** Scope of a 429 that names no `RateLimit-Reason`: Data Center's limiter is one bucket per user, i.e. all of us. */
  readonly rateLimitScopeWithoutReason: RateLimitScope;
  /** A user reference in field values: `{accountId}` on Cloud (GDPR mode refuses names), `{name}` on Data Center. */
  readonly userRef: (id: string) => Record<string, string>;
  /** The `/user/search` parameter holding the search text: Cloud `query`, Data Center `username`. */
  readonly userSearchParameter: 'query' | 'username';
  /**
   * Whether people may hide their e-mail address from us (Cloud's profile visibility). Cloud's user search still
   * matches a full address against hidden ones, and answers the person without the address (see findUsers).
   */
  readonly emailMayBeHidden: boolean;
  /**
   * Where an issue's change history is read: Cloud pages it at `/issue/{id}/changelog` (the issue's own
   * `expand=changelog` stops at 100 entries there); Data Center has only `expand=changelog`, with every entry.
   */
  readonly changelogSource: 'changelog-resource' | 'issue-expand';
}

const emptyToNull = (email: string | undefined): string | null => (email ? email : null);

/** ADF as Jira Cloud's REST v3 sends it; the rich-text package validates content where it converts it. */
const adfDoc = z.looseObject({ type: z.literal('doc'), version: z.literal(1), content: z.array(z.unknown()) });

const cloudUser = z
  .object({ accountId: z.string(), displayName: z.string().optional(), emailAddress: z.string().optional() })
  .transform((user): TrackerUser => ({
    id: user.accountId,
    displayName: user.displayName ?? user.accountId,
    email: emptyToNull(user.emailAddress),
  }));

const dataCenterUser = z
  .object({ name: z.string(), displayName: z.string().optional(), emailAddress: z.string().optional() })
  .transform((user): TrackerUser => ({
    id: user.name,
    displayName: user.displayName ?? user.name,
    email: emptyToNull(user.emailAddress),
  }));

const wikiMarkup = z
  .string()
  .nullable()
  .transform((markup, ctx) => {
    try {
      return wikiToAdf(markup);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `wiki markup could not be read: ${String(error)}` });
      return z.NEVER;
    }
  });

export const JIRA_CLOUD: JiraFlavorCapabilities = {
  flavor: 'cloud',
  apiPath: '/rest/api/3',
  readers: { user: cloudUser, richText: adfDoc.nullable().transform((doc) => doc as AdfDoc | null) },
  writeRichText: (doc) => doc,
  searchPaging: nextPageTokenPaging,
  createMetaIssueTypesKey: 'issueTypes',
  internalCommentFlag: 'jsd-public-field',
  attachmentDownload: 'content-resource',
  rateLimitScopeWithoutReason: 'endpoint',
  userRef: (id) => ({ accountId: id }),
  userSearchParameter: 'query',
  emailMayBeHidden: true,
  changelogSource: 'changelog-resource',
};

export const JIRA_DATA_CENTER: JiraFlavorCapabilities = {
  flavor: 'datacenter',
  apiPath: '/rest/api/2',
  readers: { user: dataCenterUser, richText: wikiMarkup },
  // Data Center mentions name users (`[~alice]`), not accounts.
  writeRichText: (doc) => adfToWiki(doc, { mentionStyle: 'username' }),
  searchPaging: startAtPaging,
  createMetaIssueTypesKey: 'values',
  internalCommentFlag: 'comment-property',
  attachmentDownload: 'metadata-content-url',
  rateLimitScopeWithoutReason: 'tenant',
  userRef: (id) => ({ name: id }),
  userSearchParameter: 'username',
  emailMayBeHidden: false,
  changelogSource: 'issue-expand',
};
