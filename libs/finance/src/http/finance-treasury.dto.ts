import type {
  AccountMismatch,
  AwaitingPayout,
  BankUnmatchedLine,
  Mismatch,
  PeopleMismatch,
  RoleAmounts,
} from '../treasury/reconciliation.service';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Payout, type PayoutRun } from '../treasury/payouts.service';
import { type ReconciliationReport } from '../treasury/reconciliation.service';
import { type StatementImport } from '../treasury/bank-statements.service';
import { Type } from 'class-transformer';
import { IsUtcDate } from '@saoma/http';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class PayoutRunRequestDto {
  @ApiProperty({ example: '2026-11-26', description: 'the business day of the run (UTC), YYYY-MM-DD; one run per day' })
  @IsUtcDate()
  date!: string;
}

export class PayoutDto {
  @ApiProperty() id!: string;
  @ApiProperty() runId!: string;
  @ApiProperty({ example: '2026-11-26' }) date!: string;
  @ApiPropertyOptional({ description: 'a merchant payout: the merchant paid' }) merchantId?: string;
  @ApiPropertyOptional({ description: 'a consumer withdrawal that joined the run' }) withdrawalId?: string;
  @ApiProperty({ example: '1234.50' }) amount!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({
    enum: ['pending', 'paid', 'returned'],
    description: 'pending until a bank statement line confirms it (paid) or sends it back (returned)',
  })
  status!: string;
  @ApiProperty({
    example: 'SAOMA-P-20261126-1A2B3C4D5E6F',
    description: 'ISO 20022 EndToEndId (≤ 35 characters) the bank carries on its statement',
  })
  endToEndReference!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() paidAt?: string;
  @ApiPropertyOptional() returnedAt?: string;
}

export class PayoutRunDto {
  @ApiProperty() runId!: string;
  @ApiProperty() date!: string;
  @ApiProperty({
    type: [PayoutDto],
    description:
      'every payout of the run: one per merchant with a positive balance, one per pending consumer withdrawal',
  })
  data!: PayoutDto[];
}

export class PayoutRunProgressDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ example: '2026-11-26' }) date!: string;
  @ApiProperty({ enum: ['running', 'completed'] }) status!: 'running' | 'completed';
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'the merchant wallets the run set out to pay (counted when it starts or resumes; null before)',
  })
  merchantWallets!: number | null;
  @ApiProperty({ description: 'merchant payouts made so far (each batch of wallets commits on its own)' })
  merchantPayouts!: number;
  @ApiProperty({ description: 'pending withdrawals joined so far (they join at the end of the run)' })
  withdrawalPayouts!: number;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional() completedAt?: string;
}

export class PayoutsQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'paid', 'returned'] })
  @IsOptional()
  @IsIn(['pending', 'paid', 'returned'])
  status?: 'pending' | 'paid' | 'returned';
  @ApiPropertyOptional() @IsOptional() @IsUUID() merchantId?: string;
  @ApiPropertyOptional({ description: 'the run day' }) @IsOptional() @IsUtcDate() date?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class PayoutPageDto {
  @ApiProperty({ type: [PayoutDto] }) data!: PayoutDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class StatementQueryDto {
  @ApiPropertyOptional({
    description: 'CSV only: the statement id (default: `csv-` and a digest of the lines). camt.053 uses its Stmt/Id.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(140)
  statementId?: string;
}

export class UnmatchedLineDto {
  @ApiProperty({ description: 'the line of the file: the CSV record, or the camt.053 Ntry (TxDtls for a batch entry)' })
  line!: number;
  @ApiPropertyOptional({ description: 'camt.053 NtryRef' }) entryRef?: string;
  @ApiProperty({ example: '2026-11-26', description: 'booking date' }) date!: string;
  @ApiProperty({ example: '100.00' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['credit', 'debit'] }) direction!: 'credit' | 'debit';
  @ApiPropertyOptional({ description: 'camt.053 RvslInd' }) reversal?: boolean;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiPropertyOptional() counterparty?: string;
  @ApiProperty({
    example: 'no top-up with this bank reference',
    description:
      'no reference | no top-up with this bank reference | no payout with this end-to-end reference | amount differs | currency differs | already matched | payout already returned | …',
  })
  reason!: string;
}

export class MatchedLineDto {
  @ApiProperty() line!: number;
  @ApiProperty({ enum: ['topup', 'payout_paid', 'payout_returned'] }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty() amount!: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() topupId?: string;
  @ApiPropertyOptional() payoutId?: string;
  @ApiPropertyOptional({ description: 'the ledger entry the line posted (payouts)' }) entryId?: string;
}

export class StatementBalanceDto {
  @ApiProperty({ example: 'CLBD' }) type!: string;
  @ApiProperty({ example: '1000.00', description: 'signed: negative for a debit balance' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() date?: string;
}

export class StatementImportDto {
  @ApiProperty({ description: 'the import (GET /v1/finance/bank-statements/{id})' }) id!: string;
  @ApiProperty({ description: 'the bank’s statement id' }) statementId!: string;
  @ApiProperty({ enum: ['csv', 'camt.053'] }) format!: string;
  @ApiPropertyOptional() account?: string;
  @ApiProperty() importedAt!: string;
  @ApiProperty({ description: 'lines read' }) lines!: number;
  @ApiProperty({ description: 'lines matched to a top-up or a payout' }) matched!: number;
  @ApiProperty({ type: [UnmatchedLineDto] }) unmatched!: UnmatchedLineDto[];
  @ApiProperty({ type: [MatchedLineDto] }) matchedLines!: MatchedLineDto[];
  @ApiProperty({ type: [StatementBalanceDto], description: 'camt.053 Bal' }) balances!: StatementBalanceDto[];
}

export class ReconciliationQueryDto {
  @ApiProperty({ example: '2026-11-26', description: 'a UTC day, YYYY-MM-DD' }) @IsUtcDate() date!: string;
  @ApiPropertyOptional({
    example: 'CNY',
    description: 'only this currency (default: all; the top-level amounts are then the first currency’s)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;
}

/** Net debit per role of an entry (a credit negative), as money strings. */
export class RoleAmountsDto implements RoleAmounts {
  @ApiProperty() consumer!: string;
  @ApiProperty() merchant!: string;
  @ApiProperty() fee!: string;
  @ApiProperty() marketing!: string;
  @ApiPropertyOptional({ description: 'postings on accounts of no role of the row' }) other?: string;
  @ApiPropertyOptional({ description: 'how many postings (one per non-zero role is right)' }) postings?: number;
  @ApiPropertyOptional({
    description: 'postings on no account of the row’s roles, a wallet of somebody else, another currency (0 is right)',
  })
  otherPostings?: number;
}

export class MismatchDto implements Mismatch {
  @ApiProperty({ enum: ['missing_entry', 'wrong_kind', 'amounts_differ', 'orphan_entry'] })
  problem!: 'missing_entry' | 'wrong_kind' | 'amounts_differ' | 'orphan_entry';
  @ApiProperty({ enum: ['payment', 'refund'] }) type!: 'payment' | 'refund';
  @ApiPropertyOptional({ description: 'the payment or refund (absent for an orphan entry)' }) id?: string;
  @ApiProperty() reference!: string;
  @ApiPropertyOptional() entryId?: string;
  @ApiPropertyOptional() entryKind?: string;
  @ApiProperty({ type: String, nullable: true }) currency!: string | null;
  @ApiPropertyOptional({ type: RoleAmountsDto, description: 'what the row’s amounts call for' })
  expected?: RoleAmountsDto;
  @ApiPropertyOptional({ type: RoleAmountsDto, description: 'what the entry’s postings make' }) actual?: RoleAmountsDto;
  @ApiPropertyOptional() effectiveAt?: string;
}

export class AccountMismatchDto implements AccountMismatch {
  @ApiProperty() accountId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: 'minor units' }) storedDebits!: string;
  @ApiProperty({ description: 'minor units' }) storedCredits!: string;
  @ApiProperty({ description: 'minor units' }) postedDebits!: string;
  @ApiProperty({ description: 'minor units' }) postedCredits!: string;
}

export class BankUnmatchedLineDto extends UnmatchedLineDto implements BankUnmatchedLine {
  @ApiProperty({ description: 'the statement’s own id (camt.053 Stmt/Id, or the file’s)' }) statementId!: string;
  @ApiProperty({ description: 'the import that brought the line' }) importId!: string;
}

export class AwaitingPayoutDto implements AwaitingPayout {
  @ApiProperty() id!: string;
  @ApiProperty() runDate!: string;
  @ApiPropertyOptional() merchantId?: string;
  @ApiPropertyOptional() withdrawalId?: string;
  @ApiProperty() amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() endToEndReference!: string;
  @ApiProperty({ description: 'from a run of an earlier day: the bank should have shown it by now' }) overdue!: boolean;
}

export class BankStatementBalanceDto {
  @ApiProperty() statementId!: string;
  @ApiProperty() date!: string;
  @ApiProperty() amount!: string;
}

export class ReconciliationCurrencyDto {
  @ApiProperty() currency!: string;
  @ApiProperty() ledgerBalanced!: boolean;
  @ApiProperty() totalDebits!: string;
  @ApiProperty() totalCredits!: string;
  @ApiProperty({ description: 'consumer + merchant wallets' }) customerFunds!: string;
  @ApiProperty() consumerFunds!: string;
  @ApiProperty() merchantFunds!: string;
  @ApiProperty({ description: 'the ledger’s bank account' }) bankBalance!: string;
  @ApiProperty({ description: 'payouts and withdrawals sent, not yet confirmed by the bank' }) inTransit!: string;
  @ApiProperty() feeRevenue!: string;
  @ApiProperty() marketingExpense!: string;
  @ApiProperty() otherDebitBalances!: string;
  @ApiProperty() otherCreditBalances!: string;
  @ApiProperty({
    description: 'customerFunds + inTransit + feeRevenue − marketingExpense + otherCreditBalances − otherDebitBalances',
  })
  expectedBankBalance!: string;
  @ApiProperty({ description: 'bankBalance − expectedBankBalance: unexplained, 0 when all is well' })
  difference!: string;
  @ApiProperty() pendingPayouts!: string;
  @ApiProperty() pendingWithdrawals!: string;
  @ApiProperty() inTransitMatchesPayouts!: boolean;
  @ApiProperty({ description: 'transfers waiting for a phone to register (the in-transit account)' })
  transfersInTransit!: string;
  @ApiProperty({ description: 'the sum of pending transfers' }) pendingTransfers!: string;
  @ApiProperty({ description: 'red envelopes not yet claimed or returned (the in-transit account)' })
  envelopesInTransit!: string;
  @ApiProperty({ description: 'the sum of unclaimed shares of envelopes not returned' }) unclaimedEnvelopes!: string;
  @ApiProperty({ description: 'both in-transit accounts equal what is pending' })
  heldForPeopleMatchesPending!: boolean;
  @ApiProperty() bankMatched!: number;
  @ApiProperty() bankUnmatched!: number;
  @ApiProperty({
    type: BankStatementBalanceDto,
    nullable: true,
    description: 'the latest camt.053 closing booked balance (CLBD) on or before the day, for information',
  })
  bankStatementBalance!: BankStatementBalanceDto | null;
}

export class PeopleMismatchDto implements PeopleMismatch {
  @ApiProperty({ enum: ['amounts_differ', 'orphan_entry'] }) problem!: 'amounts_differ' | 'orphan_entry';
  @ApiPropertyOptional({ enum: ['transfer', 'red_envelope'] }) type?: 'transfer' | 'red_envelope';
  @ApiPropertyOptional() id?: string;
  @ApiProperty() entryId!: string;
  @ApiProperty() entryKind!: string;
  @ApiPropertyOptional() currency?: string;
  @ApiPropertyOptional({ description: 'the account whose net debit differs' }) account?: string;
  @ApiPropertyOptional({ description: 'net debit the row calls for (a credit negative)' }) expectedNetDebit?: string;
  @ApiPropertyOptional({ description: 'net debit the entry posted' }) actualNetDebit?: string;
}

export class ReconciliationDto {
  @ApiProperty() date!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the currency of the top-level amounts' }) currency!:
    string | null;
  @ApiProperty({ description: 'when the balances were read' }) asOf!: string;
  @ApiProperty({ description: 'every check below holds' }) reconciled!: boolean;
  @ApiProperty({ type: [String] }) problems!: string[];
  @ApiProperty({ description: 'debits = credits over all postings, in every currency' }) ledgerBalanced!: boolean;
  @ApiProperty({
    description:
      'every payment and refund of the day has exactly the ledger entry its amounts say, and every such entry of the day belongs to one',
  })
  paymentsMatchLedger!: boolean;
  @ApiProperty({
    description:
      'expected/actual are the net debit per role (consumer, merchant, fee, marketing, other), a credit negative',
    type: [MismatchDto],
  })
  mismatches!: MismatchDto[];
  @ApiProperty() mismatchCount!: number;
  @ApiProperty({ description: 'every account’s stored balance equals the sum of its postings' })
  accountsMatchPostings!: boolean;
  @ApiProperty({ type: [AccountMismatchDto] }) accountMismatches!: AccountMismatchDto[];
  @ApiProperty({ description: 'bank lines booked that day and matched' }) bankMatched!: number;
  @ApiProperty({
    type: [BankUnmatchedLineDto],
    description: 'bank lines booked that day and not matched, with the reason',
  })
  bankUnmatched!: BankUnmatchedLineDto[];
  @ApiProperty() bankUnmatchedCount!: number;
  @ApiProperty({
    type: [AwaitingPayoutDto],
    description:
      'payouts of runs up to that day that no statement has confirmed (in transit); overdue when the run is of an earlier day',
  })
  payoutsAwaitingBank!: AwaitingPayoutDto[];
  @ApiProperty() payoutsAwaitingBankCount!: number;
  @ApiProperty() customerFunds!: string;
  @ApiProperty() consumerFunds!: string;
  @ApiProperty() merchantFunds!: string;
  @ApiProperty() bankBalance!: string;
  @ApiProperty() inTransit!: string;
  @ApiProperty() feeRevenue!: string;
  @ApiProperty() marketingExpense!: string;
  @ApiProperty() expectedBankBalance!: string;
  @ApiProperty({
    description:
      'bankBalance − (customerFunds + inTransit + feeRevenue − marketingExpense + other): 0 when all is well',
  })
  difference!: string;
  @ApiProperty() inTransitMatchesPayouts!: boolean;
  @ApiProperty({
    description: 'every transfer and red-envelope entry of the day is what its row says, and each belongs to a row',
  })
  peopleMatchLedger!: boolean;
  @ApiProperty({ type: [PeopleMismatchDto] }) peopleMismatches!: PeopleMismatchDto[];
  @ApiProperty() peopleMismatchCount!: number;
  @ApiProperty({ description: 'in every currency, the in-transit accounts for people equal what is pending' })
  heldForPeopleMatchesPending!: boolean;
  @ApiProperty({ type: [ReconciliationCurrencyDto] }) currencies!: ReconciliationCurrencyDto[];
}

export const presentTreasury = {
  run: (r: PayoutRun): PayoutRunProgressDto => ({
    runId: r.id,
    date: r.date,
    status: r.status,
    merchantWallets: r.merchantWallets,
    merchantPayouts: r.merchantPayouts,
    withdrawalPayouts: r.withdrawalPayouts,
    startedAt: r.startedAt.toISOString(),
    ...(r.completedAt ? { completedAt: r.completedAt.toISOString() } : {}),
  }),
  payout: (p: Payout): PayoutDto => ({
    id: p.id,
    runId: p.runId,
    date: p.runDate,
    ...(p.merchantId ? { merchantId: p.merchantId } : {}),
    ...(p.withdrawalId ? { withdrawalId: p.withdrawalId } : {}),
    amount: p.amount.format(),
    currency: p.amount.currency,
    status: p.status,
    endToEndReference: p.endToEndReference,
    createdAt: p.createdAt.toISOString(),
    ...(p.paidAt ? { paidAt: p.paidAt.toISOString() } : {}),
    ...(p.returnedAt ? { returnedAt: p.returnedAt.toISOString() } : {}),
  }),
  statement: (s: StatementImport): StatementImportDto => ({
    id: s.id,
    statementId: s.statementId,
    format: s.format,
    ...(s.account ? { account: s.account } : {}),
    importedAt: s.importedAt.toISOString(),
    lines: s.lines,
    matched: s.matched,
    unmatched: s.unmatched,
    matchedLines: s.matchedLines,
    balances: s.balances.map((b) => ({
      type: b.type,
      amount: b.amount,
      currency: b.currency,
      ...(b.date ? { date: b.date } : {}),
    })),
  }),
  reconciliation: (r: ReconciliationReport): ReconciliationDto => ({ ...r }),
};
