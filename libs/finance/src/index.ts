export * from './reports';
export * from './treasury';
