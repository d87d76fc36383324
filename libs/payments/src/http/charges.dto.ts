import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsMoneyAmount } from '@saoma/http';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Charge } from '../charges/charge';
import type { AwaitingCharge } from '../charges/charges.service';
import { PaymentMerchantDto } from './payments.dto';

export class CreateChargeDto {
  @ApiProperty({
    example: '281234567890123456',
    description: 'the 18 digits the till scanned from the consumer’s screen (or a handheld scanner typed)',
  })
  @IsString()
  @MaxLength(64)
  code!: string;
  @ApiProperty({ example: '36.50' }) @IsMoneyAmount() amount!: string;
  @ApiPropertyOptional({ example: 'T1-20261206-0042', description: 'the till’s own reference' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,25}$/, { message: 'reference must be 1 to 25 letters, digits, "-", "_" or "."' })
  reference?: string;
}

export class ChargeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['succeeded', 'awaiting_consumer', 'declined', 'expired'] }) status!: string;
  @ApiProperty() amount!: string;
  @ApiPropertyOptional({ description: 'once succeeded: the discount of a promotion' }) discount?: string;
  @ApiPropertyOptional({ description: 'once succeeded: what the consumer paid' }) charged?: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional({ description: 'once succeeded: the payer’s pseudonym at this merchant' }) payer?: string;
  @ApiPropertyOptional() reference?: string;
  @ApiPropertyOptional({ description: 'once succeeded' }) paymentId?: string;
  @ApiPropertyOptional({ description: 'while it waits for the consumer’s PIN' }) expiresAt?: string;
  @ApiProperty() createdAt!: string;
}

export class AwaitingChargeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: PaymentMerchantDto }) merchant!: PaymentMerchantDto;
  @ApiProperty() amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() expiresAt!: string;
}

export class AwaitingChargeListDto {
  @ApiProperty({ type: [AwaitingChargeDto] }) data!: AwaitingChargeDto[];
}

export class ConfirmChargeDto {
  @ApiProperty({ example: '246810' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'pin must be 6 digits' })
  pin!: string;
}

export const presentCharges = {
  charge: (c: Charge): ChargeDto => ({
    id: c.id,
    status: c.status,
    amount: c.amount.format(),
    ...(c.discount ? { discount: c.discount.format() } : {}),
    ...(c.charged ? { charged: c.charged.format() } : {}),
    currency: c.amount.currency,
    ...(c.payer ? { payer: c.payer } : {}),
    ...(c.reference ? { reference: c.reference } : {}),
    ...(c.paymentId ? { paymentId: c.paymentId } : {}),
    ...(c.status === 'awaiting_consumer' && c.expiresAt ? { expiresAt: c.expiresAt.toISOString() } : {}),
    createdAt: c.createdAt.toISOString(),
  }),
  awaiting: (c: AwaitingCharge): AwaitingChargeDto => ({
    id: c.id,
    merchant: c.merchant,
    amount: c.amount.format(),
    currency: c.amount.currency,
    expiresAt: c.expiresAt.toISOString(),
  }),
};
