export type Role = 'consumer' | 'merchant' | 'admin' | 'finance';

/** Who is calling: one consumer, one merchant, or one operator with its role. */
export interface Principal {
  role: Role;
  id: string;
}

/** Scope of per-principal records (idempotency keys). */
export const principalKey = (p: Principal): string =>
  `${p.role === 'admin' || p.role === 'finance' ? 'operator' : p.role}:${p.id}`;
