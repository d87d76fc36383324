import { SetMetadata } from '@nestjs/common';

export const ALLOWED_WHEN_FROZEN = 'saoma:allowed-when-frozen';

/**
 * A consumer route that writes but takes no money out (sign out, a new PIN,
 * declining a charge): a frozen consumer may call it. Every other consumer
 * route but GET is refused to a frozen consumer by AuthGuard, so that a new
 * money route is covered without remembering to.
 */
export const AllowedWhenFrozen = (): MethodDecorator => SetMetadata(ALLOWED_WHEN_FROZEN, true);
