export * from './backoff';
export * from './webhook-deliveries.service';
export * from './webhook-dispatcher';
export * from './webhook-events.repository';
export * from './webhook-payload';
export * from './webhooks-error';
export * from './webhooks.module';
export * from './webhooks.options';
