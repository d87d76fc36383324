import { useState } from 'preact/hooks';
import { type Guard, sessionGuard } from './session-guard';
import { navigate } from './ui';

export interface KeySession {
  /** the API key of this browser tab, or null when signed out */
  key: string | null;
  /** why the last sign-out happened, shown on the sign-in screen */
  notice: string | null;
  signIn: (key: string) => void;
  signOut: (why?: string) => void;
  guard: Guard;
}

/**
 * An API-key session kept in sessionStorage (this browser tab only), for a front
 * mounted at `base`: signing in goes to `${base}/${home}`, signing out to `${base}/`,
 * and a key the service stops accepting signs out with `expired` as the notice.
 */
export function useKeySession(o: {
  storageKey: string;
  base: string;
  home: string;
  expired: string;
  onSignOut?: () => void;
}): KeySession {
  const [key, setKey] = useState<string | null>(() => sessionStorage.getItem(o.storageKey));
  const [notice, setNotice] = useState<string | null>(null);
  const signIn = (k: string) => {
    sessionStorage.setItem(o.storageKey, k);
    setKey(k);
    navigate(`${o.base}/${o.home}`, true);
  };
  const signOut = (why?: string) => {
    sessionStorage.removeItem(o.storageKey);
    setKey(null);
    o.onSignOut?.();
    setNotice(why ?? null);
    navigate(`${o.base}/`, true);
  };
  return { key, notice, signIn, signOut, guard: sessionGuard(() => signOut(o.expired)) };
}
