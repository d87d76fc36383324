/**
 * Base of every coded error a library throws. Libraries never throw HTTP
 * exceptions: apps/api maps each `code` to a status in one exhaustive table.
 */
export abstract class DomainError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    readonly detail?: string,
    /** Extra members for the problem document (e.g. validation errors). */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = new.target.name;
  }
}
