import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@saoma/identity';
import { CodesService } from '../codes.service';
import { CurrentPrincipal, Roles } from '@saoma/identity';
import { PageQueryDto, IdParam } from '@saoma/http';
import { PosterQueryDto } from './merchant-codes.dto';
import { CodeDto, CodePageDto, CreateCodeDto } from './payments.dto';
import { present } from './payments.presenter';

@ApiTags('merchant codes')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/qr-codes')
export class MerchantCodesController {
  constructor(private readonly codes: CodesService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CodeDto })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCodeDto): Promise<CodeDto> {
    return present.code(await this.codes.createStatic(p.id, dto));
  }

  @Get()
  @ApiOkResponse({ type: CodePageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<CodePageDto> {
    const page = await this.codes.list(p.id, { limit: q.limit ?? 50, cursor: q.cursor ?? null });
    return { data: page.data.map(present.code), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: CodeDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<CodeDto> {
    return present.code(await this.codes.get(p.id, id));
  }

  @Get(':id/image.png')
  @ApiProduces('image/png')
  @Header('Content-Type', 'image/png')
  @Header('Cache-Control', 'private, max-age=300')
  async png(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.codes.png(p.id, id), { type: 'image/png' });
  }

  @Get(':id/image.svg')
  @ApiProduces('image/svg+xml')
  @Header('Content-Type', 'image/svg+xml')
  async svg(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(await this.codes.svg(p.id, id)), { type: 'image/svg+xml' });
  }

  @Get(':id/poster.pdf')
  @ApiProduces('application/pdf')
  @Header('Content-Type', 'application/pdf')
  async poster(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Query() q: PosterQueryDto,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.codes.poster(p.id, id, { language: q.lang }), {
      type: 'application/pdf',
      disposition: `inline; filename="saoma-poster-${id}.pdf"`,
    });
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: CodeDto })
  async disable(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<CodeDto> {
    return present.code(await this.codes.disable(p.id, id));
  }
}
