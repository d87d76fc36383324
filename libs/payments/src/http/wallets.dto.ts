import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsMoneyAmount } from '@saoma/http';
import { STATEMENT_TYPES } from '../wallets.service';

export class TopupRequestDto {
  @ApiProperty() @IsUUID() consumerId!: string;
  @ApiProperty({ example: '100.00' }) @IsMoneyAmount() amount!: string;
  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
  @ApiProperty({ example: 'BANK-20261126-0001' }) @IsString() @Length(1, 140) bankReference!: string;
}

export class TopupDto {
  @ApiProperty() id!: string;
  @ApiProperty() consumerId!: string;
  @ApiProperty({ example: '100.00' }) amount!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty() bankReference!: string;
  @ApiProperty() createdAt!: string;
}

export class WithdrawalRequestDto {
  @ApiProperty({ example: '20.00' }) @IsMoneyAmount() amount!: string;
  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
}

export class WithdrawalDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['pending', 'paid', 'returned'] }) status!: string;
  @ApiProperty() amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() endToEndReference!: string;
  @ApiProperty() createdAt!: string;
}

export class WalletDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ example: '100.00' }) balance!: string;
}

export class WalletListDto {
  @ApiProperty({ type: [WalletDto] }) data!: WalletDto[];
}

export class MerchantRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class CounterpartyDto {
  @ApiProperty({ example: 'L*****', description: 'masked: the first character of the name' }) displayName!: string;
}

export class TransactionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: STATEMENT_TYPES }) type!: string;
  @ApiProperty({ example: '-12.30', description: 'signed: negative for money out' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional({ type: MerchantRefDto }) merchant?: MerchantRefDto;
  @ApiPropertyOptional({ type: CounterpartyDto, description: 'the other person of a line between people' })
  counterparty?: CounterpartyDto;
  @ApiPropertyOptional() paymentId?: string;
  @ApiPropertyOptional({ description: 'on a bill’s line' }) billReference?: string;
  @ApiProperty() createdAt!: string;
}

export class TransactionPageDto {
  @ApiProperty({ type: [TransactionDto] }) data!: TransactionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class BalanceDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ example: '12.30' }) balance!: string;
}
