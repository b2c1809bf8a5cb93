/** Loading a document from the API into a component, optionally refreshed on an interval (the console's live views). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, describeError } from './api-client.ts';

export interface ApiData<T> {
  data: T | undefined;
  /** The last failure's message; cleared by the next success. */
  error: string | undefined;
  loading: boolean;
  /** Fetches again now; resolves when done. */
  reload(): Promise<void>;
}

/**
 * GETs `path` (null: nothing to load yet) and keeps the answer; with `refreshMs`, fetches again on that interval
 * while the component is shown. A newer answer always wins over an older one still in flight.
 */
export function useApiData<T>(path: string | null, refreshMs?: number): ApiData<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    if (path === null) return;
    const mine = ++generation.current;
    try {
      const answer = await api<T>('GET', path);
      if (mine !== generation.current) return;
      setData(answer);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(describeError(failure));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    setData(undefined);
    setLoading(path !== null);
    void reload();
    if (refreshMs === undefined || path === null) return;
    const timer = setInterval(() => void reload(), refreshMs);
    return () => clearInterval(timer);
  }, [path, refreshMs, reload]);

  return { data, error, loading, reload };
}
