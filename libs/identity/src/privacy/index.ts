export * from './access-log.repository';
export * from './privacy-error';
export * from './privacy.service';
