/** One problem in the configuration: the key's dotted path ('' for the file as a whole) and what is wrong with it. */
export interface ConfigIssue {
  path: string;
  message: string;
  /** 1-based position in the file, where known */
  line?: number;
  column?: number;
}

/** The configuration cannot be used; `issues` lists every problem found, not only the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly sourceName: string;
  readonly issues: readonly ConfigIssue[];

  constructor(sourceName: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(formatIssues(sourceName, issues), options);
    this.sourceName = sourceName;
    this.issues = issues;
  }
}

function formatIssues(sourceName: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`;
    return `  ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}${where}`;
  });
  return [`Invalid configuration in ${sourceName} (${count}):`, ...lines].join('\n');
}
