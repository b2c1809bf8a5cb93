// `${NAME}` references to environment variables, the only way a secret enters the configuration.

/** A value that is exactly one environment reference: what a secret must be in the file. */
export const SECRET_REFERENCE = /^\$\{[A-Z0-9_]+\}$/;

const VARIABLE_NAME = /^[A-Z0-9_]+$/;

// `$${` is an escaped `${`; otherwise `${...}` up to the first `}` is a reference.
const REFERENCE_OR_ESCAPE = /\$\$\{|\$\{([^}]*)\}/g;

/** The result of substituting environment references in one string. */
export interface Interpolation {
  value: string;
  /** one message per reference that could not be substituted */
  problems: string[];
}

/** Replaces every `${NAME}` in `text` with `env[NAME]`; `$${` stands for a literal `${`. */
export function interpolateEnv(text: string, env: Readonly<Record<string, string | undefined>>): Interpolation {
  const problems: string[] = [];
  const value = text.replace(REFERENCE_OR_ESCAPE, (match, name: string | undefined) => {
    if (name === undefined) return '${';
    if (!VARIABLE_NAME.test(name)) {
      problems.push(
        `${match} is not a valid environment reference: names use A-Z, 0-9 and _ (write $\${ for a literal \${)`,
      );
      return match;
    }
    const resolved = env[name];
    if (resolved === undefined) {
      problems.push(`environment variable ${name} is not set`);
      return match;
    }
    return resolved;
  });
  return { value, problems };
}

/** The variable a literal secret should be moved to, e.g. `BLUE_TOKEN` for `instances.blue.token`. */
export function suggestedVariableName(path: readonly PropertyKey[]): string {
  const owner = path.length >= 2 ? String(path[path.length - 2]) : 'TANDEM';
  const key = path.length >= 1 ? String(path[path.length - 1]) : 'SECRET';
  return `${owner}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
