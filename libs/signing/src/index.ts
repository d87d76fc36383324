export * from './signing-error';
export * from './signing.types';
export * from './signing-key.crypto';
export * from './signing-keys.repository';
export * from './signing.service';
export * from './signing.module';
export * from './webhook-signature';
export * from './http';
