/** An event's reason is the set of what detected it, comma-separated in first-seen order, so coalescing never grows it without bound. */
export function mergeReasons(kept: string, added: string): string {
  const reasons = kept.split(',').filter((reason) => reason !== '');
  for (const reason of added.split(',')) {
    if (reason !== '' && !reasons.includes(reason)) reasons.push(reason);
  }
  return reasons.join(',');
}
