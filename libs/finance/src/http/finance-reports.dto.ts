import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUtcDate } from '@saoma/http';
import { type JournalEntry } from '../reports/journal-export.service';
import { type MerchantStatement } from '../reports/merchant-statements.service';
import { type Settlements } from '../reports/settlements.service';
import { IsString, Matches } from 'class-validator';

export class SettlementsQueryDto {
  @ApiProperty({ example: '2026-11-26', description: 'a UTC day, YYYY-MM-DD' }) @IsUtcDate() date!: string;
  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
}

export class SettlementLineDto {
  @ApiProperty() merchantId!: string;
  @ApiPropertyOptional() merchantName?: string;
  @ApiProperty({ description: 'payments made that day' }) paymentCount!: number;
  @ApiProperty({ example: '120.00', description: 'amounts of that day’s payments' }) gross!: string;
  @ApiProperty({
    example: '2.00',
    description:
      'merchant-funded discounts of that day’s payments, less the merchant-funded discount given back by that day’s refunds (negative when the refunds give back more)',
  })
  discounts!: string;
  @ApiProperty({ example: '10.00', description: 'amounts of the refunds made that day (of payments of any day)' })
  refunds!: string;
  @ApiProperty({
    example: '0.66',
    description: 'fees of that day’s payments less the fees given back by that day’s refunds',
  })
  fees!: string;
  @ApiProperty({
    example: '107.34',
    description:
      'gross − discounts − refunds − fees: the change of the merchant’s balance from that day’s payments and refunds',
  })
  net!: string;
}

export class ReadFromDto {
  @ApiProperty({ description: 'true when the report was read from a streaming replica (READ_DATABASE_URL)' })
  replica!: boolean;
  @ApiProperty({
    example: 0,
    description:
      'seconds of the primary’s commits the replica had not replayed when the report began (0 on the primary): what the report may miss',
  })
  lagSeconds!: number;
}

export class SettlementsDto {
  @ApiProperty() date!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({
    type: [SettlementLineDto],
    description: 'merchants with a payment or a refund that day, by merchantId',
  })
  data!: SettlementLineDto[];
  @ApiProperty({ type: ReadFromDto }) readFrom!: ReadFromDto;
}

export class MerchantStatementLineDto {
  @ApiProperty({ description: 'RFC 3339 UTC, the ledger entry’s effective time' }) at!: string;
  @ApiProperty({
    enum: ['payment', 'refund', 'payout', 'payout_return', 'reversal'],
    description:
      'payout: the balance paid out to the bank; payout_return: a payout the bank sent back; another ledger kind appears as itself',
  })
  type!: string;
  @ApiPropertyOptional({ description: 'payments and refunds (the payment refunded)' }) paymentId?: string;
  @ApiPropertyOptional() refundId?: string;
  @ApiPropertyOptional() payoutId?: string;
  @ApiPropertyOptional() codeId?: string;
  @ApiPropertyOptional() orderReference?: string;
  @ApiPropertyOptional({ description: 'when the payment paid a bill' }) billReference?: string;
  @ApiProperty({
    example: '12.30',
    description: 'unsigned: the payment’s or refund’s amount; for other lines the amount moved',
  })
  amount!: string;
  @ApiProperty({
    example: '0.00',
    description: 'unsigned: the merchant-funded discount (of a payment, or given back by a refund)',
  })
  discount!: string;
  @ApiProperty({ example: '0.07', description: 'unsigned: the fee of a payment, or the fee a refund gives back' })
  fee!: string;
  @ApiProperty({
    example: '12.23',
    description: 'signed: the change of the merchant’s balance by this line (negative for refunds and payouts)',
  })
  net!: string;
  @ApiProperty({ example: '112.23', description: 'the balance right after this line' }) balance!: string;
  @ApiPropertyOptional({ description: 'the payer’s pseudonym at this merchant' }) payer?: string;
}

export class MerchantStatementDto {
  @ApiProperty() date!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'the balance at the start of the UTC day' }) openingBalance!: string;
  @ApiProperty({ description: 'the balance at the end of the UTC day; closing − opening = Σ net' })
  closingBalance!: string;
  @ApiProperty({
    type: [MerchantStatementLineDto],
    description: 'every movement of the merchant’s balance that day, in time order',
  })
  data!: MerchantStatementLineDto[];
  @ApiProperty({ type: ReadFromDto }) readFrom!: ReadFromDto;
}

export class JournalQueryDto {
  @ApiProperty({ example: '2026-11-01', description: 'first UTC day, included' }) @IsUtcDate() from!: string;
  @ApiProperty({ example: '2026-11-30', description: 'last UTC day, included' }) @IsUtcDate() to!: string;
}

export class JournalPostingDto {
  @ApiProperty() id!: string;
  @ApiProperty() accountId!: string;
  @ApiProperty({ example: 'platform:fee_revenue:CNY' }) accountCode!: string;
  @ApiProperty({ enum: ['D', 'C'] }) side!: string;
  @ApiProperty({ example: '0.07' }) amount!: string;
  @ApiProperty() currency!: string;
}

export class JournalEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'payment' }) kind!: string;
  @ApiProperty({ example: 'payment:…' }) reference!: string;
  @ApiProperty() effectiveAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiPropertyOptional() reversesEntryId?: string;
  @ApiProperty({ type: [JournalPostingDto] }) postings!: JournalPostingDto[];
}

export class JournalDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({
    type: [JournalEntryDto],
    description: 'posted entries effective in the period, by (effectiveAt, id); streamed',
  })
  data!: JournalEntryDto[];
  @ApiProperty({ type: ReadFromDto }) readFrom!: ReadFromDto;
}

/** Report objects → the contract's JSON. */
export const presentReport = {
  settlements: (s: Settlements): SettlementsDto => ({
    date: s.date,
    currency: s.currency,
    data: s.lines.map((l) => ({
      merchantId: l.merchantId,
      merchantName: l.merchantName,
      paymentCount: l.paymentCount,
      gross: l.gross.format(),
      discounts: l.discounts.format(),
      refunds: l.refunds.format(),
      fees: l.fees.format(),
      net: l.net.format(),
    })),
    readFrom: s.readFrom,
  }),
  statement: (s: MerchantStatement): MerchantStatementDto => ({
    date: s.date,
    currency: s.currency,
    openingBalance: s.openingBalance.format(),
    closingBalance: s.closingBalance.format(),
    data: s.lines.map((l) => ({
      at: l.at.toISOString(),
      type: l.type,
      ...(l.paymentId ? { paymentId: l.paymentId } : {}),
      ...(l.refundId ? { refundId: l.refundId } : {}),
      ...(l.payoutId ? { payoutId: l.payoutId } : {}),
      ...(l.codeId ? { codeId: l.codeId } : {}),
      ...(l.orderReference ? { orderReference: l.orderReference } : {}),
      ...(l.billReference ? { billReference: l.billReference } : {}),
      amount: l.amount.format(),
      discount: l.discount.format(),
      fee: l.fee.format(),
      net: l.net.format(),
      balance: l.balance.format(),
      ...(l.payer ? { payer: l.payer } : {}),
    })),
    readFrom: s.readFrom,
  }),
  journalEntry: (e: JournalEntry): JournalEntryDto => ({
    id: e.id,
    kind: e.kind,
    reference: e.reference,
    effectiveAt: e.effectiveAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    ...(e.reversesEntryId ? { reversesEntryId: e.reversesEntryId } : {}),
    postings: e.postings.map((p) => ({
      id: p.id,
      accountId: p.accountId,
      accountCode: p.accountCode,
      side: p.side,
      amount: p.amount.format(),
      currency: p.amount.currency,
    })),
  }),
};
