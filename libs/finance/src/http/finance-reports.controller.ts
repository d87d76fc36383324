import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { JsonLogger } from '@saoma/common';
import { CSV_CONTENT_TYPE } from '../reports/csv';
import { JOURNAL_CSV, journalCsvRecords, settlementsCsv } from '../reports/report-csv';
import { JournalExportService } from '../reports/journal-export.service';
import { SettlementsService } from '../reports/settlements.service';
import type { ServerResponse } from 'node:http';
import type { ReadFrom } from '@saoma/database';
import { attachment, type HttpReply, type HttpRequest, preferredType, vary } from '@saoma/http';
import { Roles } from '@saoma/identity';
import { JournalDto, JournalQueryDto, presentReport, SettlementsDto, SettlementsQueryDto } from './finance-reports.dto';

/** `Accept: text/csv` asks for CSV; anything else (no header, `*\/*`, JSON) gets JSON. */
export function wantsCsv(req: HttpRequest): boolean {
  return preferredType(req, ['application/json', 'text/csv']) === 'text/csv';
}

/** A CSV has no room for it: a report read from a replica says its delay in a header. */
export const REPLICA_LAG_HEADER = 'saoma-replica-lag';

/** Headers of a CSV download. */
export function sendCsvHeaders(res: HttpReply, filename: string, readFrom: ReadFrom): void {
  vary(res, 'Accept');
  if (readFrom.replica) res.header(REPLICA_LAG_HEADER, String(readFrom.lagSeconds));
  attachment(res, filename);
  res.type(CSV_CONTENT_TYPE);
}

/** Write with backpressure: wait for 'drain' (or the client leaving) when the socket buffer is full. */
function write(res: ServerResponse, chunk: string): Promise<void> {
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
  async settlementsOfDay(
    @Query() q: SettlementsQueryDto,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<SettlementsDto | string> {
    const s = await this.settlements.forDay(q.date, q.currency);
    if (wantsCsv(req)) {
      sendCsvHeaders(res, `settlements-${s.date}-${s.currency}.csv`, s.readFrom);
      return settlementsCsv(s);
    }
    vary(res, 'Accept');
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
  @ApiOperation({
    summary:
      'Journal entries with their postings for a period of UTC days (both included), streamed; Accept: text/csv for CSV, one row per posting',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: JournalDto })
  async journalOfPeriod(@Query() q: JournalQueryDto, @Req() req: HttpRequest, @Res() reply: HttpReply): Promise<void> {
    const period = this.journal.period(q.from, q.to);
    const csv = wantsCsv(req);
    const readFrom = await this.journal.readFrom();
    // written on the Node response itself, chunk by chunk; the request hook's headers are already on it
    const res = reply.raw;
    let started = false;
    let first = true;
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) gone = true;
    });
    const start = async () => {
      started = true;
      reply.hijack();
      res.statusCode = 200;
      res.setHeader('vary', 'Accept');
      if (readFrom.replica) res.setHeader(REPLICA_LAG_HEADER, String(readFrom.lagSeconds));
      if (csv) {
        res.setHeader('content-disposition', `attachment; filename="journal-${period.from}-${period.to}.csv"`);
        res.setHeader('content-type', CSV_CONTENT_TYPE);
        await write(res, JOURNAL_CSV.header());
      } else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        const head = { from: period.from, to: period.to, readFrom };
        await write(res, `${JSON.stringify(head).slice(0, -1)},"data":[`);
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
