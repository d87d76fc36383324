/** The last moment a bill is payable when it is not payable after its due date: the end of that day, UTC. */
export function endOfDueDate(dueDate: string): Date {
  return new Date(Date.parse(`${dueDate}T00:00:00Z`) + 24 * 3600 * 1000);
}

/** A bill payable after its due date never expires; its order still needs a time, and 9999 is never reached. */
export const NEVER = new Date('9999-12-31T00:00:00Z');

/** When a bill's order stops taking payments. */
export function billPayableUntil(dueDate: string, payableAfterDue: boolean): Date {
  return payableAfterDue ? NEVER : endOfDueDate(dueDate);
}
