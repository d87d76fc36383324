export * from './webhook-deliveries.controller';
export * from './webhooks.dto';
