import { useRef } from 'preact/hooks';
import { newKey } from './api';

/**
 * The Idempotency-Key of a money-moving request: sending the same body again (after
 * a lost answer) reuses its key, so the service replays the request instead of
 * doing it twice; another body, or one sent after `forget`, gets a fresh key.
 */
export function useIdempotencyKey(): { keyFor: (body: unknown) => string; forget: () => void } {
  const last = useRef<{ key: string; body: string } | null>(null);
  return {
    keyFor(body) {
      const json = JSON.stringify(body);
      if (!last.current || last.current.body !== json) last.current = { key: newKey(), body: json };
      return last.current.key;
    },
    forget() {
      last.current = null;
    },
  };
}
