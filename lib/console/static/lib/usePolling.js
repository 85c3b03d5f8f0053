/**
 * Runs `load` now and again every `intervalMs` while the tab is visible, so lists and running
 * executions stay live without a reload. Polling over the Step Functions API (rather than a
 * server-sent stream) keeps the page on the same API the SDKs use, and works with any server
 * that speaks it. A slow answer never overlaps the next call, and spaces the next ones out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export function usePolling(load, deps, intervalMs = 1500) {
  const [state, setState] = useState({ data: undefined, error: undefined, loading: true });
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let stopped = false;
    let timer;
    const tick = async () => {
      if (stopped) return;
      const began = performance.now();
      if (document.visibilityState !== 'hidden') {
        try {
          const data = await latest.current();
          if (!stopped) setState({ data, error: undefined, loading: false });
        } catch (error) {
          if (!stopped) setState((previous) => ({ ...previous, error, loading: false }));
        }
      }
      // A slow answer (thousands of executions) spaces the calls out, so the page never keeps the server busy.
      if (!stopped && intervalMs > 0) timer = setTimeout(tick, Math.max(intervalMs, 3 * (performance.now() - began)));
    };
    setState((previous) => ({ ...previous, loading: true }));
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, deps);
  return state;
}
