import { SetMetadata } from '@nestjs/common';
import type { Role } from '../principal';

export const ROLES = 'saoma:roles';

/** Which kinds of principal may call the route. Every non-public route must say. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);
