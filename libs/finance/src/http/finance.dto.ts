import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class CurrencyQueryDto {
  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
}

export class TrialBalanceAccountDto {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['asset', 'liability', 'equity', 'revenue', 'expense'] }) type!: string;
  @ApiProperty() debits!: string;
  @ApiProperty() credits!: string;
  @ApiProperty({
    description: 'on the normal side: debits − credits for assets and expenses, credits − debits for the rest',
  })
  balance!: string;
}

export class TrialBalanceDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [TrialBalanceAccountDto] }) accounts!: TrialBalanceAccountDto[];
  @ApiProperty() totalDebits!: string;
  @ApiProperty() totalCredits!: string;
  @ApiProperty() balanced!: boolean;
}
