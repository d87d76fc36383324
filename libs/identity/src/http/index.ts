export * from './auth.guard';
export * from './consumers.controller';
export * from './idempotency.decorator';
export * from './identity.dto';
export * from './identity.presenter';
export * from './operators.controller';
export * from './principal.decorator';
export * from './roles.decorator';
