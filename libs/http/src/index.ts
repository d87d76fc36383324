export * from './client-ip.decorator';
export * from './http-error';
export * from './http-types';
export * from './id-param.pipe';
export * from './is-money-amount.decorator';
export * from './page-query.dto';
export * from './public.decorator';
