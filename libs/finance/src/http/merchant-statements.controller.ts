import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MerchantStatementsService } from '../reports/merchant-statements.service';
import { merchantStatementCsv } from '../reports/report-csv';
import type { Principal } from '@saoma/identity';
import { type HttpReply, type HttpRequest, vary } from '@saoma/http';
import { CurrentPrincipal, Roles } from '@saoma/identity';
import { MerchantStatementDto, presentReport } from './finance-reports.dto';
import { sendCsvHeaders, wantsCsv } from './finance-reports.controller';
import { UtcDateParam } from './utc-date-param.pipe';

@ApiTags('merchant statements')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/statements')
export class MerchantStatementsController {
  constructor(private readonly statements: MerchantStatementsService) {}

  @Get(':date')
  @ApiOperation({
    summary: 'The merchant’s daily statement (its reconciliation file)',
    description:
      'Every movement of the merchant’s balance in one UTC day, in time order: payments, refunds, payouts and returned payouts, ' +
      'with code or order reference, amount, merchant-funded discount, fee, signed net and the payer’s pseudonym; ' +
      'opening and closing balance (the lines’ net adds up to closing − opening). `Accept: text/csv` gives the lines as CSV, ' +
      'with the balance after each line. A future day is an empty statement.',
  })
  @ApiParam({ name: 'date', example: '2026-11-26', description: 'a UTC day, YYYY-MM-DD' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: MerchantStatementDto })
  async statement(
    @CurrentPrincipal() p: Principal,
    @Param('date', UtcDateParam) date: string,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<MerchantStatementDto | string> {
    const s = await this.statements.forDay(p.id, date);
    if (wantsCsv(req)) {
      sendCsvHeaders(res, `statement-${s.date}.csv`, s.readFrom);
      return merchantStatementCsv(s);
    }
    vary(res, 'Accept');
    return presentReport.statement(s);
  }
}
