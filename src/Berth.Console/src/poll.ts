import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export const POLL_MS = 3000;

export interface Polled<T> { data?: T; error?: Error; loading: boolean; refresh: () => void }

/**
 * Loads with f now and again every few seconds while the tab is visible (one request at a time, never piling up),
 * so a view stays live without reloading and a hidden tab costs berthd nothing.
 */
export function usePoll<T>(f: () => Promise<T>, deps: unknown[], intervalMs = POLL_MS): Polled<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const fn = useRef(f);
  fn.current = f;
  const tick = useRef<() => void>(() => {});
  useEffect(() => {
    let alive = true;
    let timer: number | undefined;
    let running = false;
    setState({ loading: true });
    const run = async () => {
      if (running) return;
      running = true;
      clearTimeout(timer);
      try {
        const data = await fn.current();
        if (alive) setState({ data, loading: false });
      } catch (e) {
        if (alive) setState((s) => ({ data: s.data, error: e as Error, loading: false }));
      } finally {
        running = false;
        if (alive) timer = window.setTimeout(() => (document.hidden ? undefined : run()), intervalMs);
      }
    };
    tick.current = run;
    const onVisible = () => { if (!document.hidden) run(); };
    document.addEventListener('visibilitychange', onVisible);
    run();
    return () => { alive = false; clearTimeout(timer); document.removeEventListener('visibilitychange', onVisible); };
  }, deps);
  const refresh = useCallback(() => tick.current(), []);
  return { ...state, refresh };
}
