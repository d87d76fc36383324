import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Principal, PrivacyService, CurrentPrincipal, Roles } from '@saoma/identity';
import { ConsumerExportService } from '../consumer-export.service';
import { WalletsService } from '../wallets.service';
import type { HttpReply } from '@saoma/http';
import { PageQueryDto, IdParam } from '@saoma/http';
import {
  AccessLogPageDto,
  ConsumerExportDto,
  PurposeQueryDto,
  presentPrivacy,
  StaffConsumerViewDto,
} from './privacy.dto';

/**
 * The Privacy section: staff read a consumer's identity only with a stated
 * purpose, each read logged before the data leaves; the consumer sees the
 * log and can take everything held about them.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('v1')
export class PrivacyController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly wallets: WalletsService,
    private readonly consumerExport: ConsumerExportService,
  ) {}

  @Get('finance/consumers/:id')
  @Roles('finance', 'admin')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: StaffConsumerViewDto })
  async readConsumer(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Query() q: PurposeQueryDto,
  ): Promise<StaffConsumerViewDto> {
    // logged (and committed) before anything is read out
    const consumer = await this.privacy.readConsumerForStaff(p, id, q.purpose);
    return presentPrivacy.staffView(consumer, await this.wallets.walletsOf('consumer', consumer.id));
  }

  @Get('me/access-log')
  @Roles('consumer')
  @ApiOkResponse({ type: AccessLogPageDto })
  async accessLog(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<AccessLogPageDto> {
    const page = await this.privacy.accessLog(p.id, { limit: q.limit ?? 50, cursor: q.cursor ?? null });
    return { data: page.data.map(presentPrivacy.accessLogEntry), nextCursor: page.nextCursor };
  }

  @Get('me/export')
  @Roles('consumer')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/json')
  @ApiOkResponse({ type: ConsumerExportDto, description: 'served as an attachment, saoma-export-<id>.json' })
  async export(
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<ConsumerExportDto> {
    const exportedAt = new Date();
    const [identity, money] = await Promise.all([
      this.privacy.exportConsumer(p.id),
      this.consumerExport.exportOf(p.id),
    ]);
    res.header('Content-Disposition', `attachment; filename="saoma-export-${identity.consumer.id}.json"`);
    return presentPrivacy.export(identity, money, exportedAt);
  }
}
