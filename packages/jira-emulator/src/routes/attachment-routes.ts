/**
 * Attachments: multipart upload (behind Jira's XSRF check), metadata, settings, delete and content download.
 * Cloud downloads go through `/rest/api/{2,3}/attachment/content/{id}`, which answers 303 to a download URL by
 * default (real Cloud redirects to its media service) and the bytes with `redirect=false`; Data Center serves the
 * bytes at `/secure/attachment/{id}/{filename}`, the `content` URL of its attachment metadata.
 */
import type { FastifyRequest } from 'fastify';
import { JiraError } from '../http/jira-error.ts';
import { noContent, ok, type JiraResponse, type RouteDefinition } from '../http/route-definition.ts';
import { addAttachment, attachmentTooLarge, findAttachment, removeAttachment } from '../model/attachment-operations.ts';
import type { Attachment } from '../model/types.ts';
import { renderAttachment } from '../render/attachment-view.ts';
import { apiBase, type RenderContext } from '../render/render-context.ts';
import { queryBoolean, requireIssue } from './issue-lookup.ts';

/** Values of `X-Atlassian-Token` that pass Jira's XSRF check for multipart requests. */
const XSRF_BYPASS = new Set(['no-check', 'nocheck']);

/** Jira's answer when a multipart request lacks `X-Atlassian-Token: no-check`: 403 with a plain-text body. */
function xsrfFailure(): JiraResponse {
  return {
    status: 403,
    raw: Buffer.from('XSRF check failed'),
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
  };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

/** The stored MIME type: the part's own type, or (for a generic binary part) one guessed from the file name, as Jira does. */
function mimeTypeOf(filename: string, declared: string | undefined): string {
  if (declared && declared !== 'application/octet-stream') return declared.split(';')[0]?.trim() ?? declared;
  const extension = filename.includes('.') ? (filename.split('.').pop() ?? '').toLowerCase() : '';
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

interface UploadedFile {
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE';
}

/**
 * Reads every `file` part of the upload into memory before anything is stored, so an oversized file refuses the whole
 * request (Jira attaches nothing then). Other parts are drained and ignored.
 */
async function readUploadedFiles(rc: RenderContext, request: FastifyRequest): Promise<UploadedFile[]> {
  if (!request.isMultipart())
    throw new JiraError(415, ['The request must be multipart/form-data with a part named "file".']);
  const limit = rc.ctx.settings.attachmentMaxBytes;
  const files: UploadedFile[] = [];
  for await (const part of request.parts({ limits: { fileSize: limit } })) {
    if (part.type !== 'file') continue;
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if (isTooLarge(error)) throw attachmentTooLarge(limit, part.filename);
      throw error;
    }
    if (part.fieldname !== 'file') continue;
    files.push({ filename: part.filename, mimeType: mimeTypeOf(part.filename, part.mimetype), bytes });
  }
  return files;
}

function requireAttachment(rc: RenderContext, id: string | undefined): NonNullable<ReturnType<typeof findAttachment>> {
  const found = findAttachment(rc, id);
  if (!found) throw new JiraError(404, [`The attachment with id '${id ?? ''}' does not exist`]);
  return found;
}

/** The bytes of an attachment with Jira's download headers. */
function attachmentContent(rc: RenderContext, attachment: Attachment): JiraResponse {
  const bytes = rc.ctx.blobs.get(attachment.blobKey);
  if (!bytes) throw new JiraError(404, [`The attachment with id '${attachment.id}' does not exist`]);
  const asciiName = attachment.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    status: 200,
    raw: bytes,
    headers: {
      'content-type': attachment.mimeType,
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    },
  };
}

export const attachmentRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/issue/:issueIdOrKey/attachments',
    handler: async ({ rc, params, request }) => {
      const token = request.headers['x-atlassian-token'];
      const tokenValue = (Array.isArray(token) ? token[0] : token)?.trim().toLowerCase();
      if (!tokenValue || !XSRF_BYPASS.has(tokenValue)) return xsrfFailure();
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const files = await readUploadedFiles(rc, request);
      const added = files.map((file) => addAttachment(rc, issue, file.filename, file.mimeType, file.bytes));
      return ok(added.map((attachment) => renderAttachment(rc, attachment)));
    },
  },
  {
    method: 'GET',
    path: '/attachment/meta',
    handler: ({ rc }) => ok({ enabled: true, uploadLimit: rc.ctx.settings.attachmentMaxBytes }),
  },
  {
    method: 'GET',
    path: '/attachment/:id',
    handler: ({ rc, params }) => {
      const { attachment } = requireAttachment(rc, params['id']);
      const view = renderAttachment(rc, attachment);
      // Cloud's AttachmentMetadata carries the id as a number (the issue's `attachment` field keeps it a string).
      if (rc.ctx.flavor === 'cloud') view['id'] = Number(attachment.id);
      return ok({ ...view, properties: {} });
    },
  },
  {
    method: 'DELETE',
    path: '/attachment/:id',
    handler: ({ rc, params }) => {
      const { issue, attachment } = requireAttachment(rc, params['id']);
      removeAttachment(rc, issue, attachment);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/attachment/content/:id',
    flavors: ['cloud'],
    handler: ({ rc, params, query }) => {
      const { attachment } = requireAttachment(rc, params['id']);
      if (!queryBoolean(query, 'redirect', true)) return attachmentContent(rc, attachment);
      // Real Cloud redirects to its media service; the emulator redirects to the same resource without the redirect,
      // on the same origin, so clients that follow redirects keep their credentials and get the bytes.
      return {
        status: 303,
        headers: { location: `${apiBase(rc)}/attachment/content/${attachment.id}?redirect=false` },
      };
    },
  },
  {
    method: 'GET',
    path: '/secure/attachment/:id/:filename',
    absolute: true,
    flavors: ['datacenter'],
    handler: ({ rc, params }) => {
      const { attachment } = requireAttachment(rc, params['id']);
      return attachmentContent(rc, attachment);
    },
  },
];
