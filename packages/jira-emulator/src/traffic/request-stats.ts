/**
 * Exact request counts by endpoint (route template), method, status and user, read through the control API.
 * Benchmarks count a sync engine's Jira calls with these.
 */
export interface RequestCount {
  method: string;
  endpoint: string;
  status: number;
  user: string;
  count: number;
}

export class RequestStats {
  private counts = new Map<string, RequestCount>();
  private totalCount = 0;

  record(method: string, endpoint: string, status: number, user: string): void {
    const key = `${method} ${endpoint} ${status} ${user}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { method, endpoint, status, user, count: 1 });
    this.totalCount++;
  }

  get total(): number {
    return this.totalCount;
  }

  /** Every counter, sorted by endpoint then method then status. */
  list(): RequestCount[] {
    return [...this.counts.values()].sort(
      (a, b) =>
        a.endpoint.localeCompare(b.endpoint) ||
        a.method.localeCompare(b.method) ||
        a.status - b.status ||
        a.user.localeCompare(b.user),
    );
  }

  reset(): void {
    this.counts.clear();
    this.totalCount = 0;
  }
}
