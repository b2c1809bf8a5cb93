/**
 * Atlassian's official OpenAPI documents for the two flavours, read once from the shared folder and kept in memory
 * (the Cloud document is 2.5 MB; parse it once per process).
 */
import { readFileSync } from 'node:fs';
import type { JiraFlavor } from './jira-flavor.ts';
import { sharedJiraPath } from './shared-jira.ts';

/** A JSON Schema node as the documents write it (OpenAPI 3.0 dialect: `nullable`, `readOnly`, `example`...). */
export type SpecSchema = Record<string, unknown> | boolean;

/** One documented response of an operation. */
export interface SpecResponse {
  readonly description?: string;
  readonly content?: Readonly<Record<string, { readonly schema?: SpecSchema }>>;
}

/** One operation (method of a path) in a document; only the parts the contract helpers read are typed. */
export interface SpecOperation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly deprecated?: boolean;
  readonly responses?: Readonly<Record<string, SpecResponse>>;
}

/** The parts of an OpenAPI 3.0 document the contract helpers read. */
export interface JiraSpecDocument {
  readonly openapi: string;
  readonly servers?: readonly { readonly url: string }[];
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, SpecSchema>> };
}

/** File name of each flavour's document under `<shared>/specs/`. */
export const JIRA_SPEC_FILES: Readonly<Record<JiraFlavor, string>> = {
  cloud: 'jira-cloud-platform-v3.json',
  datacenter: 'jira-software-dc-10.3.json',
};

/** HTTP methods an OpenAPI path item may hold (its other keys are `parameters`, `summary`...). */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const documents = new Map<JiraFlavor, JiraSpecDocument>();

/** The parsed OpenAPI document of a flavour; read from disk on first use, then cached for the process. */
export function loadJiraSpec(flavor: JiraFlavor): JiraSpecDocument {
  const cached = documents.get(flavor);
  if (cached) return cached;
  const file = sharedJiraPath('specs', JIRA_SPEC_FILES[flavor]);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as JiraSpecDocument;
  if (typeof parsed.paths !== 'object') throw new Error(`${file} is not an OpenAPI document (no "paths")`);
  documents.set(flavor, parsed);
  return parsed;
}

/**
 * The request path prefix the document's server URL adds before its path keys: `/rest` for DC
 * (`http://{baseurl}/rest`), empty for Cloud (`https://your-domain.atlassian.net`).
 */
export function specPathPrefix(flavor: JiraFlavor): string {
  const url = loadJiraSpec(flavor).servers?.[0]?.url ?? '';
  // Not `new URL()`: the DC server URL has a `{baseurl}` template variable as its host.
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(url);
  return (match?.[1] ?? '').replace(/\/+$/, '');
}

/** The operation of `method` in a path item, or undefined if the path item has no such method. */
export function operationOf(pathItem: Readonly<Record<string, unknown>>, method: string): SpecOperation | undefined {
  const value = pathItem[method.toLowerCase()];
  return typeof value === 'object' && value !== null ? (value as SpecOperation) : undefined;
}
