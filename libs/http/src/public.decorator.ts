import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'saoma:public';

/** The route needs no credential (health, JWKS, registration, sign-in, QR decode). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
