import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsMoneyAmount, IsUtcDate, MERCHANT_REFERENCE, PageQueryDto } from '@saoma/http';
import type { Bill } from '../bills/bills.service';

export class PutBillDto {
  @ApiProperty({ example: '356.20' }) @IsMoneyAmount() amount!: string;
  @ApiProperty({ example: '2026-12-31', description: 'YYYY-MM-DD; after it the bill is overdue (UTC days)' })
  @IsUtcDate()
  dueDate!: string;
  @ApiProperty({ example: 'Property tax 2026, 2nd instalment', maxLength: 140 })
  @IsString()
  @Length(1, 140)
  description!: string;
  @ApiPropertyOptional({ default: true, description: 'false: refused after the due date (409 bill_overdue)' })
  @IsOptional()
  @IsBoolean()
  payableAfterDue?: boolean;
}

export class BillListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'paid'], description: 'both when absent' })
  @IsOptional()
  @IsIn(['open', 'paid'])
  status?: 'open' | 'paid';
}

export class BillLookupDto {
  @ApiProperty() @IsUUID() merchantId!: string;
  @ApiProperty({ example: 'TAX-2026-000123' })
  @IsString()
  @Matches(MERCHANT_REFERENCE, { message: 'reference must be 1 to 25 letters, digits, "-", "_" or "."' })
  reference!: string;
}

export class BillDto {
  @ApiProperty() reference!: string;
  @ApiProperty({ example: '356.20' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ example: '2026-12-31' }) dueDate!: string;
  @ApiProperty() description!: string;
  @ApiProperty() payableAfterDue!: boolean;
  @ApiProperty({ enum: ['open', 'paid'] }) status!: string;
  @ApiProperty({ description: 'unpaid, past the due date and not payable after it' }) overdue!: boolean;
  @ApiProperty({ description: 'dynamic EMV code: 01 = 12, 54 the amount, 62-01 the bill reference' }) payload!: string;
  @ApiPropertyOptional({ description: 'once paid' }) paymentId?: string;
  @ApiProperty() createdAt!: string;
}

export class BillPageDto {
  @ApiProperty({ type: [BillDto] }) data!: BillDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function presentBill(b: Bill): BillDto {
  return {
    reference: b.reference,
    amount: b.amount.format(),
    currency: b.amount.currency,
    dueDate: b.dueDate,
    description: b.description,
    payableAfterDue: b.payableAfterDue,
    status: b.status,
    overdue: b.overdue,
    payload: b.payload,
    ...(b.paymentId ? { paymentId: b.paymentId } : {}),
    createdAt: b.createdAt.toISOString(),
  };
}
