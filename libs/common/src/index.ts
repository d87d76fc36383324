export * from './domain-error';
export * from './config/app-config';
export * from './config/config-error';
export * from './logging/json-logger';
export * from './logging/request-context';
export * from './jws/compact-jws';
export * from './page-limit';
export * from './crypto/sealed-secret';
