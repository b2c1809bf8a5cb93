/**
 * One HTTP POST of a webhook delivery. Uses node:http without connection pooling (`agent: false`) so no socket
 * outlives the attempt and a receiver can shut down cleanly; aborting (timeout, emulator close) destroys the request.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What one attempt came back with: the status, or null and the reason when there was no response. */
export interface PostOutcome {
  status: number | null;
  error: string | null;
}

/** POSTs `body` to `url`; never rejects. */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string | null,
  signal: AbortSignal,
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: `invalid URL: ${url}` });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = body === null ? undefined : Buffer.from(body, 'utf8');
    const allHeaders: Record<string, string> = { ...headers, 'Content-Length': String(payload?.length ?? 0) };
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const request = send(target, { method: 'POST', headers: allHeaders, agent: false, signal }, (response) => {
      // Drain the answer; only the status matters.
      response.resume();
      response.on('end', () => finish({ status: response.statusCode ?? null, error: null }));
      response.on('error', (error) => finish({ status: response.statusCode ?? null, error: error.message }));
    });
    request.on('error', (error) => {
      const aborted = signal.aborted;
      const reason: unknown = signal.reason;
      finish({
        status: null,
        error: aborted ? (reason instanceof Error ? reason.message : String(reason ?? 'aborted')) : error.message,
      });
    });
    request.end(payload);
  });
}
