export * from './payments-error';
export * from './payments.module';
export * from './topups.service';
export * from './wallets.service';
export * from './withdrawals.service';
