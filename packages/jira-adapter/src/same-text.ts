/** Whether two names or addresses are the same ignoring case (accents count): how people and items are matched. */
export function sameText(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}
