import type { SchemaPayoutDto } from '../shared/api/schema';
import type { Guard } from '../shared/session-guard';

/** What every screen of the console is given: the operator key and the guard of the session. */
export interface Ctx {
  key: string;
  guard: Guard;
}

/** A payout to a merchant's bank (or of a withdrawal), as the API gives it. */
export type Payout = SchemaPayoutDto;
