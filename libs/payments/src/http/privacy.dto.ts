import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AccessLogEntry, Consumer, ConsumerIdentityExport, StaffConsumer } from '@saoma/identity';
import type { ConsumerMoneyExport } from '../consumer-export.service';
import type { Refund } from '../refunds.service';
import type { WalletView } from '../wallets.service';
import { IsOptional, IsString } from 'class-validator';
import { TopupDto, TransactionDto, WalletDto, WithdrawalDto } from './wallets.dto';
import { PaymentDto } from './payments.dto';
import { present } from './payments.presenter';

/* ---- GET /v1/finance/consumers/{id}?purpose= ---- */

export class PurposeQueryDto {
  // Checked by PrivacyService (400 purpose_required / purpose_too_long), so that
  // a missing purpose has its own code rather than validation_failed.
  @ApiProperty({
    required: true,
    minLength: 1,
    maxLength: 500,
    example: 'Ticket 4711: consumer disputes a top-up',
    description: 'why the data is read; logged and shown to the consumer',
  })
  @IsOptional()
  @IsString()
  purpose?: string;
}

export class StaffConsumerDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '+8613800138000' }) phone!: string;
  @ApiProperty() createdAt!: string;
}

export class StaffConsumerStandingDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'absent once the account is closed (erased)' }) name?: string;
  @ApiPropertyOptional({ example: '+8613800138000', description: 'absent once the account is closed (erased)' })
  phone?: string;
  @ApiPropertyOptional({ description: 'a closed account shows only its id and this' }) closedAt?: string;
  @ApiPropertyOptional({ description: 'while finance has frozen the wallet' }) frozenAt?: string;
  @ApiPropertyOptional() frozenReason?: string;
}

export class StaffConsumerViewDto {
  @ApiProperty({ type: StaffConsumerStandingDto }) consumer!: StaffConsumerStandingDto;
  @ApiProperty({ type: [WalletDto] }) wallets!: WalletDto[];
}

/* ---- GET /v1/me/access-log ---- */

export class AccessLogOperatorDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['admin', 'finance'] }) role!: 'admin' | 'finance';
}

export class AccessLogEntryDto {
  @ApiProperty({ type: AccessLogOperatorDto }) operator!: AccessLogOperatorDto;
  @ApiProperty() purpose!: string;
  @ApiProperty() at!: string;
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) data!: AccessLogEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/* ---- GET /v1/me/export ---- */

export class ExportRefundDto {
  @ApiProperty() id!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ description: 'what came back to the wallet' }) toConsumer!: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty() createdAt!: string;
}

export class ExportPaymentDto extends PaymentDto {
  @ApiProperty({ description: 'the pseudonym the merchant knows this consumer by' }) payer!: string;
  @ApiPropertyOptional() orderReference?: string;
  @ApiProperty({ type: [ExportRefundDto] }) refunds!: ExportRefundDto[];
}

export class ConsumerExportDto {
  @ApiProperty() exportedAt!: string;
  @ApiProperty({ type: StaffConsumerDto }) consumer!: StaffConsumerDto;
  @ApiProperty({ type: [WalletDto] }) wallets!: WalletDto[];
  @ApiProperty({ type: [TransactionDto], description: 'every statement line, newest first' })
  transactions!: TransactionDto[];
  @ApiProperty({ type: [ExportPaymentDto] }) payments!: ExportPaymentDto[];
  @ApiProperty({ type: [TopupDto] }) topups!: TopupDto[];
  @ApiProperty({ type: [WithdrawalDto] }) withdrawals!: WithdrawalDto[];
  @ApiProperty({ type: [AccessLogEntryDto] }) accessLog!: AccessLogEntryDto[];
}

/* ---- presenters ---- */

const exportRefund = (r: Refund): ExportRefundDto => ({
  id: r.id,
  amount: r.amount.format(),
  toConsumer: r.toConsumer.format(),
  currency: r.amount.currency,
  ...(r.reason ? { reason: r.reason } : {}),
  createdAt: r.createdAt.toISOString(),
});

/** Privacy objects → the contract's JSON. */
export const presentPrivacy = {
  consumer: (c: Consumer): StaffConsumerDto => ({
    id: c.id,
    name: c.name,
    phone: c.phone,
    createdAt: c.createdAt.toISOString(),
  }),
  staffView: (c: StaffConsumer, wallets: WalletView[]): StaffConsumerViewDto => ({
    consumer: {
      id: c.id,
      createdAt: c.createdAt.toISOString(),
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.phone !== undefined ? { phone: c.phone } : {}),
      ...(c.closedAt ? { closedAt: c.closedAt.toISOString() } : {}),
      ...(c.frozenAt ? { frozenAt: c.frozenAt.toISOString(), frozenReason: c.frozenReason } : {}),
    },
    wallets: wallets.map(present.wallet),
  }),
  accessLogEntry: (e: AccessLogEntry): AccessLogEntryDto => ({
    operator: { id: e.operator.id, role: e.operator.role },
    purpose: e.purpose,
    at: e.at.toISOString(),
  }),
  export: (identity: ConsumerIdentityExport, money: ConsumerMoneyExport, exportedAt: Date): ConsumerExportDto => ({
    exportedAt: exportedAt.toISOString(),
    consumer: presentPrivacy.consumer(identity.consumer),
    wallets: money.wallets.map(present.wallet),
    transactions: money.transactions.map(present.transaction),
    payments: money.payments.map((p) => ({
      ...present.payment(p),
      payer: p.payer,
      ...(p.orderReference ? { orderReference: p.orderReference } : {}),
      refunds: p.refunds.map(exportRefund),
    })),
    topups: money.topups.map(present.topup),
    withdrawals: money.withdrawals.map(present.withdrawal),
    accessLog: identity.accessLog.map(presentPrivacy.accessLogEntry),
  }),
};
