import { SESSION_KEY } from './config';

/** Why the sign-in page shows again (the text is read in the language shown). */
export type Notice = 'sessionEnded' | 'signedOut' | 'closed';

export interface Session {
  token: string;
  expiresAt?: string;
}

/** The session kept in localStorage, unless it has none or it has expired. */
export function loadSession(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (!s?.token) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) < Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}
