export type Role = 'consumer' | 'merchant' | 'admin' | 'finance';

/** Who is calling: one consumer, one merchant, or one operator with its role. */
export interface Principal {
  role: Role;
  id: string;
  /** A consumer's session (the row its token names). */
  sessionId?: string;
  /** A consumer whose wallet finance froze: it reads and receives, and takes nothing out. */
  frozen?: boolean;
}

/** Scope of per-principal records (idempotency keys). */
export const principalKey = (p: Principal): string =>
  `${p.role === 'admin' || p.role === 'finance' ? 'operator' : p.role}:${p.id}`;
