import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { BankStatementsService } from '../treasury/bank-statements.service';
import { PayoutsService } from '../treasury/payouts.service';
import { ReconciliationService } from '../treasury/reconciliation.service';
import { type StatementFormat } from '../treasury/index';
import type { Principal } from '@saoma/identity';
import { type HttpReply, type HttpRequest, isMediaType, HttpError } from '@saoma/http';
import { CurrentPrincipal, Roles } from '@saoma/identity';
import {
  PayoutPageDto,
  PayoutRunDto,
  PayoutRunProgressDto,
  PayoutRunRequestDto,
  PayoutsQueryDto,
  presentTreasury,
  ReconciliationDto,
  ReconciliationQueryDto,
  StatementImportDto,
  StatementQueryDto,
} from './finance-treasury.dto';
import { UtcDateParam } from './utc-date-param.pipe';

const STATEMENT_DOC = `A bank statement of the platform's account, \`text/csv\` or ISO 20022 camt.053 (\`application/xml\` or \`text/xml\`), up to 50 MB.

**CSV** (RFC 4180, UTF-8): a header line naming the columns (any order, case ignored, unknown columns ignored)
\`date,amount,currency,direction,reference,counterparty\`, then one line per movement:
- \`date\` booking date YYYY-MM-DD; \`amount\` a positive decimal string (\`1250.00\`, at most the currency's minor digits); \`currency\` ISO 4217;
- \`direction\` \`credit\` (money in) or \`debit\` (money out);
- \`reference\` the payout's end-to-end reference (\`SAOMA-P-…\`, \`SAOMA-W-…\`) or the top-up's bank reference; \`counterparty\` optional.
The statement id is \`?statementId=\` or, by default, \`csv-\` and a digest of the lines.

**camt.053** (any 001.xx version, one Stmt): Stmt/Id is the statement id; each Ntry (Amt@Ccy, CdtDbtInd, RvslInd, BookgDt/Dt) is a line,
its references TxDtls/Refs/EndToEndId, AcctSvcrRef, RmtInf/Ustrd; a batch entry with several amounted TxDtls is a line per transaction.

**Matching**: a debit with a pending payout's end-to-end reference and amount confirms it (payouts in transit → bank; the payout, and its withdrawal, become \`paid\`);
a credit with a payout's end-to-end reference is a return (the money goes back to the merchant's or consumer's wallet; \`returned\`);
any other credit matches a top-up by bank reference, currency and amount. Unmatched lines come back with the reason.

A malformed file is \`422 invalid_statement\` (the detail and \`line\` say where) and nothing is imported. The same statement again changes nothing: \`200\` with the first import's result.`;

/** Payouts, bank statements and the daily reconciliation (Finance section of the contract). */
@ApiTags('finance')
@ApiBearerAuth()
@Roles('finance', 'admin')
@Controller('v1/finance')
export class FinanceTreasuryController {
  constructor(
    private readonly payouts: PayoutsService,
    private readonly statements: BankStatementsService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  @Post('payouts')
  @ApiOperation({
    summary: 'Run the payouts of a day',
    description:
      'Each merchant with a positive wallet balance gets a payout of that balance (merchant wallet → payouts in transit) with a unique end-to-end reference; every pending consumer withdrawal joins the run. One run per day: `201` for the run made now, `200` with the same payouts when the day’s run was made before (nothing is paid twice; a concurrent second request waits for the first).',
  })
  @ApiCreatedResponse({ type: PayoutRunDto })
  @ApiOkResponse({ type: PayoutRunDto, description: 'the day’s run had been made before: its payouts' })
  async runPayouts(
    @CurrentPrincipal() p: Principal,
    @Body() dto: PayoutRunRequestDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<PayoutRunDto> {
    const { run, payouts, created } = await this.payouts.run(dto.date, p.id);
    res.code(created ? 201 : 200);
    return { runId: run.id, date: run.date, data: payouts.map(presentTreasury.payout) };
  }

  @Get('payouts/runs/:date')
  @ApiOperation({
    summary: 'A day’s payout run and its progress',
    description:
      'Status, the merchant wallets the run set out to pay and the payouts made so far: a long run (its batches commit one by one) can be followed while the `POST` is still working. `404 payout_run_not_found` when the day has no run.',
  })
  @ApiParam({ name: 'date', example: '2026-11-26', description: 'the run day, YYYY-MM-DD' })
  @ApiOkResponse({ type: PayoutRunProgressDto })
  async payoutRun(@Param('date', UtcDateParam) date: string): Promise<PayoutRunProgressDto> {
    return presentTreasury.run(await this.payouts.progress(date));
  }

  @Get('payouts')
  @ApiOperation({ summary: 'Payouts, newest first; ?status=pending|paid|returned, ?merchantId=, ?date= (run day)' })
  @ApiOkResponse({ type: PayoutPageDto })
  async listPayouts(@Query() q: PayoutsQueryDto): Promise<PayoutPageDto> {
    const page = await this.payouts.list({
      status: q.status,
      merchantId: q.merchantId,
      date: q.date,
      limit: q.limit,
      cursor: q.cursor ?? null,
    });
    return { data: page.data.map(presentTreasury.payout), nextCursor: page.nextCursor };
  }

  @Post('bank-statements')
  @ApiOperation({
    summary: 'Import a bank statement (CSV or camt.053) and match its lines',
    description: STATEMENT_DOC,
  })
  @ApiConsumes('text/csv', 'application/xml', 'text/xml')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'date,amount,currency,direction,reference,counterparty\n2026-11-26,1250.00,CNY,debit,SAOMA-P-20261126-1A2B3C4D5E6F,Noodle Bar\n',
    },
  })
  @ApiCreatedResponse({ type: StatementImportDto })
  @ApiOkResponse({
    type: StatementImportDto,
    description: 'the statement had been imported before: the first import’s result, nothing changed',
  })
  async importStatement(
    @CurrentPrincipal() p: Principal,
    @Req() req: HttpRequest,
    @Query() q: StatementQueryDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<StatementImportDto> {
    const format = this.formatOf(req);
    // the text body parser owns these media types: anything but a string is an empty body
    const body = typeof req.body === 'string' ? req.body : '';
    const { result, created } = await this.statements.import(
      { body, format, statementId: q.statementId ?? null },
      p.id,
    );
    res.code(created ? 201 : 200);
    return presentTreasury.statement(result);
  }

  @Get('reconciliation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The reconciliation report of a day',
    description:
      'The ledger balanced per currency; every payment and refund of the day against its ledger entry, and every payment/refund entry of the day against a row (set-based); every account’s stored balance against its postings; the day’s bank lines; safeguarding: bankBalance = customerFunds + inTransit + feeRevenue − marketingExpense (+ other platform accounts), `difference` the unexplained rest. `reconciled` is true when every check holds (the same report: `npm run reconcile -- --date YYYY-MM-DD`).',
  })
  @ApiOkResponse({ type: ReconciliationDto })
  async reconcile(@Query() q: ReconciliationQueryDto): Promise<ReconciliationDto> {
    return presentTreasury.reconciliation(await this.reconciliation.report(q.date, q.currency ?? null));
  }

  private formatOf(req: HttpRequest): StatementFormat {
    if (isMediaType(req, 'text/csv')) return 'csv';
    if (isMediaType(req, 'application/xml') || isMediaType(req, 'text/xml')) return 'camt.053';
    if (isMediaType(req, 'text/plain') && typeof req.body === 'string')
      return req.body.trimStart().startsWith('<') ? 'camt.053' : 'csv';
    throw new HttpError('unsupported_media_type', 'Send the statement as text/csv, application/xml or text/xml.');
  }
}
