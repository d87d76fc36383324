export * from './reports';
export * from './treasury';
export * from './utc-day';
export * from './http';
