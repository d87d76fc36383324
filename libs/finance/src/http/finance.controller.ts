import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LedgerService } from '@saoma/ledger';
import { Roles } from '@saoma/identity';
import { CurrencyQueryDto, TrialBalanceDto } from './finance.dto';

@ApiTags('finance')
@ApiBearerAuth()
@Roles('finance', 'admin')
@Controller('v1/finance')
export class FinanceController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('trial-balance')
  @ApiOkResponse({ type: TrialBalanceDto })
  async trialBalance(@Query() q: CurrencyQueryDto): Promise<TrialBalanceDto> {
    const tb = await this.ledger.trialBalance(q.currency);
    return {
      currency: tb.currency,
      accounts: tb.accounts.map((a) => ({
        id: a.id,
        code: a.code,
        name: a.name,
        type: a.type,
        debits: a.debits.format(),
        credits: a.credits.format(),
        balance: a.balance.format(),
      })),
      totalDebits: tb.totalDebits.format(),
      totalCredits: tb.totalCredits.format(),
      balanced: tb.balanced,
    };
  }
}
