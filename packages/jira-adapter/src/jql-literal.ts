/** Writing values into JQL safely: string literals and entity property references. */

/** A JQL string literal: double quotes, with backslashes and double quotes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

const PROPERTY_KEY = /^[A-Za-z0-9_.\-]+$/;
const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * `issue.property[key].path = "value"`. Key and path are identifiers we choose (Tandem's marker), not user input, so
 * anything outside Jira's plain identifier syntax is refused rather than quoted.
 */
export function propertyEqualsJql(key: string, path: string, value: string): string {
  if (!PROPERTY_KEY.test(key)) throw new RangeError(`entity property key not usable in JQL: ${key}`);
  if (!PROPERTY_PATH.test(path)) throw new RangeError(`entity property path not usable in JQL: ${path}`);
  return `issue.property[${key}].${path} = ${jqlString(value)}`;
}
