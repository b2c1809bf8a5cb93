/**
 * Requests below one instance's REST API root (`/rest/api/3` on Cloud, `/rest/api/2` on Data Center), validated with
 * zod, and rich text written in the flavour's format. The tracker and its feature modules share one.
 */
import { TrackerError } from '@tandem/core';
import type { AdfDoc } from '@tandem/rich-text';
import type { z } from 'zod';
import type { JiraFlavorCapabilities } from './jira-flavor-capabilities.ts';
import type { JiraHttpClient, JiraRequest } from './jira-http-client.ts';
import type { JiraSchemas } from './jira-response-schemas.ts';

export const enc = encodeURIComponent;

export class JiraRest {
  constructor(
    readonly http: JiraHttpClient,
    readonly capabilities: JiraFlavorCapabilities,
    readonly schemas: JiraSchemas,
  ) {}

  /** A request below the REST API root (an absolute URL is left alone), validated with `schema`. */
  json<T>(request: JiraRequest, schema: z.ZodType<T, unknown>): Promise<T> {
    return this.http.json(this.belowApiRoot(request), schema);
  }

  /** A request below the REST API root whose answer is not read. */
  async call(request: JiraRequest): Promise<void> {
    await this.http.send(this.belowApiRoot(request));
  }

  /** Rich text in the flavour's format; ADF that cannot be converted is our bad request, not Jira's. */
  richText(doc: AdfDoc | null, subject: string): unknown {
    try {
      return this.capabilities.writeRichText(doc);
    } catch (cause) {
      throw new TrackerError('bad-request', `${subject}: rich text cannot be written to Jira: ${String(cause)}`, {
        cause,
      });
    }
  }

  private belowApiRoot(request: JiraRequest): JiraRequest {
    return /^https?:\/\//.test(request.path)
      ? request
      : { ...request, path: `${this.capabilities.apiPath}${request.path}` };
  }
}

/** A request on a resource of one issue (`/issue/{id}<sub>`), gated and named by that issue. */
export function issueRequest(
  method: JiraRequest['method'],
  issueId: string,
  subRoute: string,
  subPath: string,
  extra: Partial<Pick<JiraRequest, 'json' | 'form' | 'headers' | 'idempotent' | 'query'>> = {},
): JiraRequest {
  return {
    method,
    route: `/issue/{id}${subRoute}`,
    path: `/issue/${enc(issueId)}${subPath}`,
    issue: issueId,
    ...extra,
  };
}
