import { useState } from 'preact/hooks';

/** An async action behind a button: busy while it runs, and the error it ended with. */
export function useAction(): {
  busy: boolean;
  error: unknown;
  setError: (e: unknown) => void;
  run: (fn: () => Promise<unknown>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
