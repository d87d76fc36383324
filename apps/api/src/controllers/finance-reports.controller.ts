import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { JsonLogger } from '@saoma/common';
import { CSV_CONTENT_TYPE, JOURNAL_CSV, JournalExportService, journalCsvRecords, SettlementsService, settlementsCsv } from '@saoma/finance';
import type { Request, Response } from 'express';
import { Roles } from '../auth/roles.decorator';
import { JournalDto, JournalQueryDto, presentReport, SettlementsDto, SettlementsQueryDto } from '../dto/finance-reports.dto';

/** `Accept: text/csv` asks for CSV; anything else (no header, `*\/*`, JSON) gets JSON. */
export function wantsCsv(req: Request): boolean {
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** Headers of a CSV download. */
export function sendCsvHeaders(res: Response, filename: string): void {
  res.vary('Accept');
  res.attachment(filename);
  res.type(CSV_CONTENT_TYPE);
}

/** Write with backpressure: wait for 'drain' (or the client leaving) when the socket buffer is full. */
function write(res: Response, chunk: string): Promise<void> {
  if (!chunk || res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

@ApiTags('finance')
@ApiBearerAuth()
@Roles('finance', 'admin')
@Controller('v1/finance')
export class FinanceReportsController {
  constructor(
    private readonly settlements: SettlementsService,
    private readonly journal: JournalExportService,
    private readonly logger: JsonLogger,
  ) {}

  @Get('settlements')
  @ApiOperation({ summary: 'Settlements per merchant for one UTC day; Accept: text/csv for CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SettlementsDto })
  async settlementsOfDay(@Query() q: SettlementsQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SettlementsDto | string> {
    const s = await this.settlements.forDay(q.date, q.currency);
    if (wantsCsv(req)) {
      sendCsvHeaders(res, `settlements-${s.date}-${s.currency}.csv`);
      return settlementsCsv(s);
    }
    res.vary('Accept');
    return presentReport.settlements(s);
  }

  /**
   * Streamed: entries are read in batches (keyset on effective time and id,
   * one snapshot) and written as they come, never held all at once. A failure
   * before the first byte is a problem document; after it, the connection is
   * cut, so a truncated export never looks complete (the JSON does not close,
   * the chunked body has no last chunk).
   */
  @Get('journal')
  @ApiOperation({ summary: 'Journal entries with their postings for a period of UTC days (both included), streamed; Accept: text/csv for CSV, one row per posting' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: JournalDto })
  async journalOfPeriod(@Query() q: JournalQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const period = this.journal.period(q.from, q.to);
    const csv = wantsCsv(req);
    let started = false;
    let first = true;
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) gone = true;
    });
    const start = async () => {
      started = true;
      res.status(200);
      if (csv) {
        sendCsvHeaders(res, `journal-${period.from}-${period.to}.csv`);
        await write(res, JOURNAL_CSV.header());
      } else {
        res.vary('Accept');
        res.type('application/json; charset=utf-8');
        await write(res, `{"from":${JSON.stringify(period.from)},"to":${JSON.stringify(period.to)},"data":[`);
      }
    };
    try {
      for await (const batch of this.journal.batches(period)) {
        if (!started) await start();
        let chunk: string;
        if (csv) chunk = journalCsvRecords(batch);
        else {
          chunk = '';
          for (const e of batch) {
            chunk += (first ? '' : ',') + JSON.stringify(presentReport.journalEntry(e));
            first = false;
          }
        }
        await write(res, chunk);
        if (gone) break; // the client left: stop reading (ends the snapshot, frees the connection)
      }
      if (gone) return;
      if (!started) await start();
      res.end(csv ? '' : ']}');
    } catch (err) {
      if (!started) throw err; // nothing sent yet: the problem filter answers
      this.logger.error(err instanceof Error ? err : String(err), 'FinanceReportsController');
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
