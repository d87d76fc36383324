import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsMoneyAmount } from '@saoma/http';

export class CreateCodeDto {
  @ApiProperty({ example: 'Counter 1' }) @IsString() @Length(1, 60) label!: string;
  @ApiPropertyOptional({ example: '25.00', description: 'a fixed amount; omit for an open-amount code' })
  @IsOptional()
  @IsMoneyAmount()
  amount?: string;
}

export class CodeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'short id of the code (≤ 25 characters), in tag 62-05 and readable out loud' })
  reference!: string;
  @ApiProperty() label!: string;
  @ApiPropertyOptional() amount?: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: string;
  @ApiProperty({ description: 'the exact text the QR image encodes (EMV MPM)' }) payload!: string;
  @ApiProperty() createdAt!: string;
}

export class CodePageDto {
  @ApiProperty({ type: [CodeDto] }) data!: CodeDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CreateOrderDto {
  @ApiProperty({ example: '36.50' }) @IsMoneyAmount() amount!: string;
  @ApiProperty({ example: 'T1-20261126-0042' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,25}$/, { message: 'reference must be 1 to 25 letters, digits, "-", "_" or "."' })
  reference!: string;
  @ApiPropertyOptional({ default: 900, minimum: 1, maximum: 7776000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7_776_000)
  expiresInSeconds?: number;
}

export class OrderDto {
  @ApiProperty() id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['open', 'paid', 'expired', 'cancelled'] }) status!: string;
  @ApiProperty() payload!: string;
  @ApiProperty() codeId!: string;
  @ApiProperty() expiresAt!: string;
  @ApiPropertyOptional() paymentId?: string;
  @ApiProperty() createdAt!: string;
}

export class ScanDto {
  @ApiProperty({ description: 'the scanned text, or the code URL' }) @IsString() @Length(1, 2000) payload!: string;
}

export class ScanMerchantDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
}

export class ScanBillDto {
  @ApiProperty() reference!: string;
  @ApiProperty({ example: '356.20' }) amount!: string;
  @ApiProperty({ example: '2026-12-31' }) dueDate!: string;
  @ApiProperty() description!: string;
}

export class ScanResultDto {
  @ApiProperty({ description: 'compact JWS, typ saoma-scan+jwt' }) token!: string;
  @ApiProperty({ type: ScanMerchantDto }) merchant!: ScanMerchantDto;
  @ApiProperty() codeId!: string;
  @ApiPropertyOptional() orderId?: string;
  @ApiPropertyOptional() orderReference?: string;
  @ApiPropertyOptional() amount?: string;
  @ApiProperty() currency!: string;
  @ApiProperty() expiresAt!: string;
  @ApiPropertyOptional({ description: 'discount a running promotion would give on the fixed amount' })
  discount?: string;
  @ApiPropertyOptional({ type: () => ScanBillDto, description: 'when the code is a bill’s' }) bill?: ScanBillDto;
  @ApiProperty({ description: 'no-PIN limit of the currency' }) noPinLimit!: string;
}

export class PayDto {
  @ApiProperty() @IsString() @Length(1, 4000) token!: string;
  @ApiPropertyOptional({ example: '12.30' }) @IsOptional() @IsMoneyAmount() amount?: string;
  @ApiPropertyOptional({ example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'pin must be 6 digits' })
  pin?: string;
}

export class PaymentMerchantDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class PaymentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['succeeded'] }) status!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() discount!: string;
  @ApiProperty() charged!: string;
  @ApiPropertyOptional() refunded?: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: PaymentMerchantDto }) merchant!: PaymentMerchantDto;
  @ApiPropertyOptional({ description: 'the merchant’s code that was scanned (absent for a charge)' }) codeId?: string;
  @ApiPropertyOptional({ description: 'the charge, when the till scanned the consumer’s code' }) chargeId?: string;
  @ApiPropertyOptional() orderId?: string;
  @ApiPropertyOptional({ description: 'when the payment paid a bill' }) billReference?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'compact JWS, typ saoma-receipt+jwt' }) receipt!: string;
}

export class RefundRequestDto {
  @ApiProperty({ example: '5.00' }) @IsMoneyAmount() amount!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) reason?: string;
}

export class RefundDto {
  @ApiProperty() id!: string;
  @ApiProperty() paymentId!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() toConsumer!: string;
  @ApiProperty() feeBack!: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty() createdAt!: string;
}

export class MerchantPaymentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['succeeded', 'partially_refunded', 'refunded'] }) status!: string;
  @ApiProperty({ description: 'pseudonym of the payer, stable at this merchant only' }) payer!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ description: 'discount funded by the merchant' }) discount!: string;
  @ApiProperty() fee!: string;
  @ApiProperty({ description: 'amount − discount (merchant-funded) − fee' }) net!: string;
  @ApiProperty() refunded!: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional({ description: 'the merchant’s code that was scanned (absent for a charge)' }) codeId?: string;
  @ApiPropertyOptional({ description: 'the charge, when the till scanned the consumer’s code' }) chargeId?: string;
  @ApiPropertyOptional() orderId?: string;
  @ApiPropertyOptional() orderReference?: string;
  @ApiPropertyOptional({ description: 'when the payment paid a bill' }) billReference?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: [RefundDto] }) refunds!: RefundDto[];
}

export class MerchantPaymentPageDto {
  @ApiProperty({ type: [MerchantPaymentDto] }) data!: MerchantPaymentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MerchantPaymentsQueryDto {
  @ApiPropertyOptional({ description: 'RFC 3339 or YYYY-MM-DD, inclusive' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'RFC 3339 (exclusive) or YYYY-MM-DD (inclusive day)' })
  @IsOptional()
  @IsISO8601()
  to?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class CreatePromotionDto {
  @ApiProperty() @IsUUID() merchantId!: string;
  @ApiProperty({ enum: ['platform', 'merchant'] }) @IsIn(['platform', 'merchant']) fundedBy!: 'platform' | 'merchant';
  @ApiPropertyOptional({ example: '10', description: 'percent, decimal string' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  percentOff?: string;
  @ApiPropertyOptional({ example: '5.00' }) @IsOptional() @IsMoneyAmount() amountOff?: string;
  @ApiPropertyOptional({ example: '20.00' }) @IsOptional() @IsMoneyAmount() minSpend?: string;
  @ApiPropertyOptional({ example: '8.00' }) @IsOptional() @IsMoneyAmount() maxDiscount?: string;
  @ApiProperty() @IsISO8601() startsAt!: string;
  @ApiProperty() @IsISO8601() endsAt!: string;
  @ApiPropertyOptional({ example: '1000.00' }) @IsOptional() @IsMoneyAmount() budget?: string;
}

export class PromotionDto {
  @ApiProperty() id!: string;
  @ApiProperty() merchantId!: string;
  @ApiProperty() fundedBy!: string;
  @ApiPropertyOptional() percentOff?: string;
  @ApiPropertyOptional() amountOff?: string;
  @ApiPropertyOptional() minSpend?: string;
  @ApiPropertyOptional() maxDiscount?: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiPropertyOptional() budget?: string;
  @ApiProperty() spent!: string;
  @ApiProperty() currency!: string;
}
