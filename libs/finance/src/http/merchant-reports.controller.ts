import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@saoma/identity';
import { CurrentPrincipal, Roles } from '@saoma/identity';
import { MerchantChartsService } from '../reports/merchant-charts.service';
import { DEFAULT_TIME_ZONE } from '../reports/time-zone';
import {
  MerchantDailyDto,
  MerchantDailyQueryDto,
  MerchantHourlyDto,
  MerchantHourlyQueryDto,
  presentChart,
} from './chart-reports.dto';

/** The merchant portal's charts: the merchant's own payments and refunds, never another's. */
@ApiTags('merchant reports')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/reports')
export class MerchantReportsController {
  constructor(private readonly charts: MerchantChartsService) {}

  @Get('hourly')
  @ApiOperation({
    summary: 'The merchant’s takings by hour of one day, in its time zone',
    description:
      'All 24 hours of the local day `date` (default today in `tz`, default UTC): payments made in each hour, their gross amount, ' +
      'fees (less fees given back by refunds), and the refunds made in that hour with their amounts. Amounts in the merchant’s currency.',
  })
  @ApiOkResponse({ type: MerchantHourlyDto })
  async hourly(@CurrentPrincipal() p: Principal, @Query() q: MerchantHourlyQueryDto): Promise<MerchantHourlyDto> {
    return presentChart.hourly(await this.charts.hourly(p.id, q.tz ?? DEFAULT_TIME_ZONE, q.date));
  }

  @Get('daily')
  @ApiOperation({
    summary: 'The merchant’s takings by day over the last days, in its time zone',
    description:
      'Every local day of the last `days` (default 30, at most 90), today included, oldest first, empty days as zeros: ' +
      'payments, gross amount, fees (less fees given back), refunds and their amounts.',
  })
  @ApiOkResponse({ type: MerchantDailyDto })
  async daily(@CurrentPrincipal() p: Principal, @Query() q: MerchantDailyQueryDto): Promise<MerchantDailyDto> {
    return presentChart.daily(await this.charts.daily(p.id, q.tz ?? DEFAULT_TIME_ZONE, q.days));
  }
}
