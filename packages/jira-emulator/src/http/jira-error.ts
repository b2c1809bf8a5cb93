/**
 * A failure answered with Jira's own error body: `{"errorMessages":[...],"errors":{...}}`.
 * Route handlers throw it; the server's error handler turns it into the response.
 */
export class JiraError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessages: string[],
    readonly errors: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(errorMessages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
    this.name = 'JiraError';
  }

  /** The JSON body Jira sends. */
  get body(): { errorMessages: string[]; errors: Record<string, string> } {
    return { errorMessages: this.errorMessages, errors: this.errors };
  }
}

/** 404 for an issue that does not exist or that the caller cannot see (Jira does not tell them apart). */
export function issueNotFound(): JiraError {
  return new JiraError(404, ['Issue does not exist or you do not have permission to see it.']);
}

/** 400 with field errors only. */
export function fieldErrors(errors: Record<string, string>): JiraError {
  return new JiraError(400, [], errors);
}
