import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@saoma/identity';
import { FinanceChartsService } from '../reports/finance-charts.service';
import {
  FinanceVolumeDto,
  FinanceVolumeQueryDto,
  presentChart,
  SafeguardingDto,
  SafeguardingQueryDto,
} from './chart-reports.dto';

/** The finance console's charts. */
@ApiTags('finance')
@ApiBearerAuth()
@Roles('finance', 'admin')
@Controller('v1/finance/reports')
export class FinanceChartsController {
  constructor(private readonly charts: FinanceChartsService) {}

  @Get('volume')
  @ApiOperation({
    summary: 'The volume of one UTC day by currency',
    description:
      'Per currency, the payments (gross amounts), refunds, top-ups and withdrawals made that day (default today): how many and how much.',
  })
  @ApiOkResponse({ type: FinanceVolumeDto })
  async volume(@Query() q: FinanceVolumeQueryDto): Promise<FinanceVolumeDto> {
    return presentChart.volume(await this.charts.volume(q.date));
  }

  @Get('safeguarding')
  @ApiOperation({
    summary: 'The safeguarding position at the end of each of the last UTC days',
    description:
      'For each UTC day of the last `days` (default 30, at most 90), oldest first, as of its end by the ledger entries’ effective time: ' +
      'what the platform owes people (wallets, money held for people, payouts in transit), the ledger’s bank balance, the platform’s own result, ' +
      'and the unexplained difference (0 when all is well). The last day equals the reconciliation’s figures.',
  })
  @ApiOkResponse({ type: SafeguardingDto })
  async safeguarding(@Query() q: SafeguardingQueryDto): Promise<SafeguardingDto> {
    return presentChart.safeguarding(await this.charts.safeguarding(q.currency, q.days));
  }
}
