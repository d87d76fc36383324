import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUtcDate } from '@saoma/http';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import {
  type Safeguarding,
  type Volume,
  SAFEGUARDING_DEFAULT_DAYS,
  SAFEGUARDING_MAX_DAYS,
} from '../reports/finance-charts.service';
import {
  type MerchantDaily,
  type MerchantHourly,
  type MerchantTakings,
  MERCHANT_DAILY_DEFAULT_DAYS,
  MERCHANT_DAILY_MAX_DAYS,
} from '../reports/merchant-charts.service';
import { DEFAULT_TIME_ZONE, isIanaTimeZone } from '../reports/time-zone';
import { ReadFromDto } from './finance-reports.dto';

/** `UTC` or an IANA `Area/Location` name the runtime knows (see reports/time-zone.ts). */
export function IsIanaTimeZone(opts?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIanaTimeZone',
      validator: {
        validate: (v) => isIanaTimeZone(v),
        defaultMessage: (a) => `${a?.property ?? 'tz'} must be an IANA time zone such as Asia/Shanghai, or UTC`,
      },
    },
    opts,
  );
}

/** A whole number of days in the query string: digits only (no sign, no exponent, no hex), else left to fail IsInt. */
const wholeDays = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^[0-9]{1,3}$/.test(value) ? Number(value) : value;

const TZ_DOC = {
  example: 'Asia/Shanghai',
  default: DEFAULT_TIME_ZONE,
  description:
    'an IANA time zone (`Area/Location`, or `UTC`) whose wall clock makes the hours and days; offsets and abbreviations are refused',
};

export class MerchantHourlyQueryDto {
  @ApiPropertyOptional({ example: '2026-11-26', description: 'a local day of `tz`, YYYY-MM-DD; default today in `tz`' })
  @IsOptional()
  @IsUtcDate()
  date?: string;

  @ApiPropertyOptional(TZ_DOC)
  @IsOptional()
  @IsString()
  @IsIanaTimeZone()
  tz?: string;
}

export class MerchantDailyQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MERCHANT_DAILY_MAX_DAYS,
    default: MERCHANT_DAILY_DEFAULT_DAYS,
    description: 'how many local days, today included',
  })
  @IsOptional()
  @Transform(wholeDays)
  @IsInt()
  @Min(1)
  @Max(MERCHANT_DAILY_MAX_DAYS)
  days?: number;

  @ApiPropertyOptional(TZ_DOC)
  @IsOptional()
  @IsString()
  @IsIanaTimeZone()
  tz?: string;
}

export class FinanceVolumeQueryDto {
  @ApiPropertyOptional({ example: '2026-11-26', description: 'a UTC day, YYYY-MM-DD; default today (UTC)' })
  @IsOptional()
  @IsUtcDate()
  date?: string;
}

export class SafeguardingQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: SAFEGUARDING_MAX_DAYS,
    default: SAFEGUARDING_DEFAULT_DAYS,
    description: 'how many UTC days, today included',
  })
  @IsOptional()
  @Transform(wholeDays)
  @IsInt()
  @Min(1)
  @Max(SAFEGUARDING_MAX_DAYS)
  days?: number;

  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
}

export class MerchantTakingsDto {
  @ApiProperty({ example: 3, description: 'payments made in the bucket' }) payments!: number;
  @ApiProperty({
    example: '157.80',
    description: 'gross: the amounts of those payments, before discounts and fees (what the payers were asked for)',
  })
  amount!: string;
  @ApiProperty({
    example: '0.69',
    description: 'fees of those payments less the fees given back by the bucket’s refunds',
  })
  fees!: string;
  @ApiProperty({ example: 1, description: 'refunds made in the bucket (of payments of any time)' }) refunds!: number;
  @ApiProperty({ example: '30.00', description: 'the amounts of those refunds' }) refunded!: string;
}

export class MerchantHourDto extends MerchantTakingsDto {
  @ApiProperty({ minimum: 0, maximum: 23, description: 'the hour of the local wall clock' }) hour!: number;
}

export class MerchantHourlyDto {
  @ApiProperty({ example: '2026-11-26', description: 'the local day' }) date!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) tz!: string;
  @ApiProperty({ example: 'CNY', description: 'the merchant’s currency' }) currency!: string;
  @ApiProperty({
    type: [MerchantHourDto],
    description:
      'all 24 hours, 0 to 23, empty ones as zeros; on a day the clocks go back the repeated hour adds up in one, on a day they go forward the skipped hour is zeros',
  })
  hours!: MerchantHourDto[];
  @ApiProperty({ type: ReadFromDto }) readFrom!: ReadFromDto;
}

export class MerchantDayDto extends MerchantTakingsDto {
  @ApiProperty({ example: '2026-11-26', description: 'a local day of `tz`' }) date!: string;
}

export class MerchantDailyDto {
  @ApiProperty({ example: 'Asia/Shanghai' }) tz!: string;
  @ApiProperty({ example: 'CNY', description: 'the merchant’s currency' }) currency!: string;
  @ApiProperty({ example: '2026-10-28', description: 'the first day' }) from!: string;
  @ApiProperty({ example: '2026-11-26', description: 'the last day: today in `tz`' }) to!: string;
  @ApiProperty({
    type: [MerchantDayDto],
    description: 'every day from `from` to `to`, oldest first, empty ones as zeros',
  })
  days!: MerchantDayDto[];
  @ApiProperty({ type: ReadFromDto }) readFrom!: ReadFromDto;
}

export class CurrencyVolumeDto {
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ description: 'payments made that day' }) payments!: number;
  @ApiProperty({ example: '1577.80', description: 'their gross amounts' }) paymentAmount!: string;
  @ApiProperty({ description: 'refunds made that day (of payments of any day)' }) refunds!: number;
  @ApiProperty({ example: '42.30' }) refundAmount!: string;
  @ApiProperty({ description: 'top-ups credited that day' }) topups!: number;
  @ApiProperty({ example: '1000.00' }) topupAmount!: string;
  @ApiProperty({ description: 'withdrawals asked for that day, whatever became of them since' }) withdrawals!: number;
  @ApiProperty({ example: '200.00' }) withdrawalAmount!: string;
}

export class FinanceVolumeDto {
  @ApiProperty({ example: '2026-11-26', description: 'the UTC day' }) date!: string;
  @ApiProperty({
    type: [CurrencyVolumeDto],
    description: 'currencies with any payment, refund, top-up or withdrawal that day, by code',
  })
  currencies!: CurrencyVolumeDto[];
  @ApiProperty({ type: ReadFromDto }) readFrom!: ReadFromDto;
}

export class SafeguardingDayDto {
  @ApiProperty({ example: '2026-11-26', description: 'the UTC day; figures as of its end (today: as of now)' })
  date!: string;
  @ApiProperty({
    example: '10250.00',
    description:
      'what the platform owes people: consumerFunds + merchantFunds + heldForPeople + inTransit (the reconciliation’s customerFunds + inTransit + transfersInTransit + envelopesInTransit)',
  })
  customerFunds!: string;
  @ApiProperty({ example: '8000.00', description: 'consumer wallets' }) consumerFunds!: string;
  @ApiProperty({ example: '2000.00', description: 'merchant wallets' }) merchantFunds!: string;
  @ApiProperty({
    example: '150.00',
    description: 'transfers waiting for a phone and red envelopes not yet claimed or returned',
  })
  heldForPeople!: string;
  @ApiProperty({ example: '100.00', description: 'payouts and withdrawals sent, not yet confirmed by the bank' })
  inTransit!: string;
  @ApiProperty({ example: '10262.34', description: 'the ledger’s bank account' }) bankBalance!: string;
  @ApiProperty({
    example: '12.34',
    description: 'the platform’s own result in the bank: fee revenue − marketing expense ± any other account',
  })
  ownFunds!: string;
  @ApiProperty({
    example: '0.00',
    description: 'bankBalance − customerFunds − ownFunds: unexplained, 0 when all is well (as the reconciliation’s)',
  })
  difference!: string;
}

export class SafeguardingDto {
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ example: '2026-10-28', description: 'the first UTC day' }) from!: string;
  @ApiProperty({ example: '2026-11-26', description: 'the last UTC day: today' }) to!: string;
  @ApiProperty({ type: [SafeguardingDayDto], description: 'every day from `from` to `to`, oldest first' })
  days!: SafeguardingDayDto[];
  @ApiProperty({ type: ReadFromDto }) readFrom!: ReadFromDto;
}

const takings = (t: MerchantTakings) => ({
  payments: t.payments,
  amount: t.amount.format(),
  fees: t.fees.format(),
  refunds: t.refunds,
  refunded: t.refunded.format(),
});

/** Chart report objects → the JSON of the routes. */
export const presentChart = {
  hourly: (h: MerchantHourly): MerchantHourlyDto => ({
    date: h.date,
    tz: h.tz,
    currency: h.currency,
    hours: h.hours.map((x) => ({ hour: x.hour, ...takings(x) })),
    readFrom: h.readFrom,
  }),
  daily: (d: MerchantDaily): MerchantDailyDto => ({
    tz: d.tz,
    currency: d.currency,
    from: d.from,
    to: d.to,
    days: d.days.map((x) => ({ date: x.date, ...takings(x) })),
    readFrom: d.readFrom,
  }),
  volume: (v: Volume): FinanceVolumeDto => ({
    date: v.date,
    currencies: v.currencies.map((c) => ({
      currency: c.currency,
      payments: c.payments,
      paymentAmount: c.paymentAmount.format(),
      refunds: c.refunds,
      refundAmount: c.refundAmount.format(),
      topups: c.topups,
      topupAmount: c.topupAmount.format(),
      withdrawals: c.withdrawals,
      withdrawalAmount: c.withdrawalAmount.format(),
    })),
    readFrom: v.readFrom,
  }),
  safeguarding: (s: Safeguarding): SafeguardingDto => ({
    currency: s.currency,
    from: s.from,
    to: s.to,
    days: s.days.map((d) => ({
      date: d.date,
      customerFunds: d.customerFunds.format(),
      consumerFunds: d.consumerFunds.format(),
      merchantFunds: d.merchantFunds.format(),
      heldForPeople: d.heldForPeople.format(),
      inTransit: d.inTransit.format(),
      bankBalance: d.bankBalance.format(),
      ownFunds: d.ownFunds.format(),
      difference: d.difference.format(),
    })),
    readFrom: s.readFrom,
  }),
};
