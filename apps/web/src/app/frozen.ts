import type { Middleware } from 'openapi-fetch';
import { useEffect, useState } from 'preact/hooks';

/**
 * Whether the wallet is frozen, as the service's answers tell it: GET /v1/me
 * carries frozenAt while it is, and every write that takes money out of a
 * frozen wallet answers 423 account_frozen. The app learns it from either,
 * whatever screen made the request, and unlearns it when /v1/me comes without
 * it or such a write succeeds again (finance lifted the freeze), or the
 * session ends.
 */

/** Writes a frozen wallet may make (or that need no session): their success says nothing of a freeze. */
const ANSWERED_EVEN_FROZEN: ReadonlySet<string> = new Set([
  'POST /v1/consumers',
  'POST /v1/consumers/sessions',
  'DELETE /v1/me/sessions/current',
  'DELETE /v1/me/sessions/{id}',
  'POST /v1/me/pin',
  'POST /v1/me/charges/{id}/decline',
]);

let frozen = false;
const listeners = new Set<() => void>();

function setFrozen(value: boolean): void {
  if (value === frozen) return;
  frozen = value;
  listeners.forEach((l) => l());
}

/** The typed client's middleware that watches every answer for a freeze (api.use(frozenWatch), once). */
export const frozenWatch: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    if (request.method === 'GET' && schemaPath === '/v1/me' && response.ok) {
      const me = (await response.clone().json()) as { frozenAt?: string };
      setFrozen(me.frozenAt !== undefined);
      return;
    }
    if (response.status === 423) setFrozen(true);
    else if (response.ok && request.method !== 'GET' && !ANSWERED_EVEN_FROZEN.has(`${request.method} ${schemaPath}`))
      setFrozen(false);
  },
};

/** Forgets the freeze (on sign-out: the next account starts unknown). */
export function forgetFrozen(): void {
  setFrozen(false);
}

/** Whether the service has said this wallet is frozen; re-renders when that changes. */
export function useFrozen(): boolean {
  const [value, setValue] = useState(frozen);
  useEffect(() => {
    const l = () => setValue(frozen);
    listeners.add(l);
    l();
    return () => void listeners.delete(l);
  }, []);
  return value;
}
