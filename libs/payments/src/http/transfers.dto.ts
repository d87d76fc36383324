import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsMoneyAmount, PageQueryDto } from '@saoma/http';
import type { Transfer } from '../transfers/transfers.service';

export class SendTransferDto {
  @ApiProperty({ example: '+8613800000001', description: 'E.164, as at registration' })
  @IsString()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'toPhone must be an E.164 phone number' })
  toPhone!: string;
  @ApiProperty({ example: '88.00' }) @IsMoneyAmount() amount!: string;
  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
  @ApiPropertyOptional({ maxLength: 140 }) @IsOptional() @IsString() @MaxLength(140) note?: string;
  @ApiPropertyOptional({ description: 'required above the no-PIN limit' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'pin must be 6 digits' })
  pin?: string;
}

export class TransferListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['sent', 'received'], description: 'both when absent' })
  @IsOptional()
  @IsIn(['sent', 'received'])
  role?: 'sent' | 'received';
}

export class TransferPartyDto {
  @ApiPropertyOptional({ example: 'L*****', description: 'masked: the first character of the name' })
  displayName?: string;
}

export class TransferSenderDto {
  @ApiProperty({ example: 'W*****' }) displayName!: string;
}

export class TransferDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['completed', 'pending', 'returned'] }) status!: string;
  @ApiProperty({ example: '88.00' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['sent', 'received'], description: 'which end of the transfer the caller is' })
  direction!: string;
  @ApiProperty({ type: TransferPartyDto, description: 'displayName once the money has a recipient' })
  to!: TransferPartyDto;
  @ApiProperty({ type: TransferSenderDto }) from!: TransferSenderDto;
  @ApiPropertyOptional() note?: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'while pending: when it goes back to the sender' }) expiresAt?: string;
  @ApiPropertyOptional() settledAt?: string;
}

export class TransferPageDto {
  @ApiProperty({ type: [TransferDto] }) data!: TransferDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function presentTransfer(t: Transfer): TransferDto {
  return {
    id: t.id,
    status: t.status,
    amount: t.amount.format(),
    currency: t.amount.currency,
    direction: t.direction,
    to: t.to,
    from: t.from,
    ...(t.note ? { note: t.note } : {}),
    createdAt: t.createdAt.toISOString(),
    ...(t.expiresAt ? { expiresAt: t.expiresAt.toISOString() } : {}),
    ...(t.settledAt ? { settledAt: t.settledAt.toISOString() } : {}),
  };
}
