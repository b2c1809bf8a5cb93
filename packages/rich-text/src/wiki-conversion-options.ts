/** How a mention is written in wiki markup: Jira Cloud writes `[~accountid:ID]`, Jira Data Center writes `[~username]`. */
export type WikiMentionStyle = 'accountid' | 'username';

/** Options for {@link adfToWiki}. */
export interface AdfToWikiOptions {
  /** Mention syntax to write. Default `'accountid'` (Jira Cloud's REST v2). */
  readonly mentionStyle?: WikiMentionStyle;
  /** Maps an ADF mention id (a Cloud accountId) to the id written in wiki markup, e.g. accountId → DC username. */
  readonly mapMentionId?: (id: string) => string;
}

/** Options for {@link wikiToAdf}. */
export interface WikiToAdfOptions {
  /** Maps the user named in `[~…]` (already stripped of any `accountid:` prefix) to the ADF mention id. */
  readonly mapMentionId?: (wikiUser: string) => string;
}
