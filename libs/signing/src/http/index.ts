export * from './jwks.controller';
