/**
 * The web console's files (packages/console's build output), served at `/` by the node itself: the exact file when
 * there is one, else `index.html` for paths without an extension (the console's own routes, such as
 * `/connections/blue_green`). Paths of the API, webhooks, node-to-node messages and `/health` are never files.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Where the console's build lands: packages/console/dist. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const NOT_FILES = ['/api/', '/webhooks/', '/node/'];

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Serves the console's file for this request; false when it is not the console's to answer. */
export async function serveConsoleFile(dir: string, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url, 'http://node').pathname);
  } catch {
    return false;
  }
  if (
    path.includes('\0') ||
    path === '/health' ||
    path === '/api' ||
    NOT_FILES.some((prefix) => path.startsWith(prefix))
  )
    return false;
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!(await isFile(index))) return false;
  const wanted = resolve(root, `.${path}`);
  // `..` in the path must not leave the folder.
  if (wanted !== root && !wanted.startsWith(root + sep)) return false;
  let file: string;
  if (await isFile(wanted)) file = wanted;
  else if (extname(path) === '') file = index;
  else return false;
  const immutable = file.startsWith(join(root, 'assets') + sep);
  void reply
    .type(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin');
  await reply.send(request.method === 'HEAD' ? '' : createReadStream(file));
  return true;
}
