import { Ledger1764100000000 } from './1764100000000-ledger.migration';

/** Every migration, in order. Listed (not globbed) so that the same list runs under jest (.ts) and from dist/. */
export const MIGRATIONS = [Ledger1764100000000];
