export * from './data-source-options';
export * from './embedded-postgres.launcher';
export * from './master-key';
export * from './pg-errors';
export * from './transaction';
export * from './query-rows';
export * from './prepared-query';
