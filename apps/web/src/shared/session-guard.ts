import { ApiError } from './api';

/** Wraps an API call so that an answer the credential no longer passes ends the session. */
export type Guard = <T>(p: Promise<T>) => Promise<T>;

/**
 * A guard that calls `onExpired` when the service answers 401, unless `keep` says
 * this 401 is an ordinary refusal (a wrong PIN) rather than a dead credential.
 */
export function sessionGuard(onExpired: () => void, keep?: (e: ApiError) => boolean): Guard {
  return (p) =>
    p.catch((e) => {
      if (e instanceof ApiError && e.status === 401 && !keep?.(e)) onExpired();
      throw e;
    });
}
