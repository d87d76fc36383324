import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { NewPack, Pack } from '../payment-codes/payment-codes.service';

export class CreatePaymentCodesDto {
  @ApiProperty({ example: '246810' }) @IsString() @Matches(/^\d{4,12}$/) pin!: string;
  @ApiPropertyOptional({ example: 'Li Lei’s phone' }) @IsOptional() @IsString() @Length(1, 100) deviceName?: string;
}

export class OfflineLimitDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ example: '1000.00', description: 'the largest charge without the PIN' }) amount!: string;
}

export class PaymentCodePackDto {
  @ApiProperty() packId!: string;
  @ApiProperty({ description: 'the TOTP key: 32 random bytes, base64url; shown only here' }) key!: string;
  @ApiProperty({ example: 60 }) period!: number;
  @ApiProperty({ example: 6 }) digits!: number;
  @ApiProperty({ type: [String], description: '20 single-use handles of 10 digits' }) handles!: string[];
  @ApiProperty({ type: [OfflineLimitDto] }) offlineLimit!: OfflineLimitDto[];
  @ApiProperty() expiresAt!: string;
}

export class PaymentCodePackSummaryDto {
  @ApiProperty() packId!: string;
  @ApiPropertyOptional() deviceName?: string;
  @ApiProperty() handlesLeft!: number;
  @ApiProperty() expiresAt!: string;
}

export class PaymentCodePackListDto {
  @ApiProperty({ type: [PaymentCodePackSummaryDto] }) data!: PaymentCodePackSummaryDto[];
}

export const presentPaymentCodes = {
  pack: (p: NewPack): PaymentCodePackDto => ({
    packId: p.packId,
    key: p.key,
    period: p.period,
    digits: p.digits,
    handles: p.handles,
    offlineLimit: p.offlineLimit.map((m) => ({ currency: m.currency, amount: m.format() })),
    expiresAt: p.expiresAt.toISOString(),
  }),
  summary: (p: Pack): PaymentCodePackSummaryDto => ({
    packId: p.packId,
    ...(p.deviceName ? { deviceName: p.deviceName } : {}),
    handlesLeft: p.handlesLeft,
    expiresAt: p.expiresAt.toISOString(),
  }),
};
