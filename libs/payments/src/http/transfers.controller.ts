import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam } from '@saoma/http';
import { CurrentPrincipal, Idempotent, type Principal, Roles } from '@saoma/identity';
import { IdempotencyService, type IdempotentRequest } from '@saoma/idempotency';
import { TransfersService } from '../transfers/transfers.service';
import { presentTransfer, SendTransferDto, TransferDto, TransferListQueryDto, TransferPageDto } from './transfers.dto';

@ApiTags('between people')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/transfers')
export class TransfersController {
  constructor(
    private readonly transfers: TransfersService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Send money to a phone',
    description:
      'To a registered phone it arrives at once (`completed`, with the recipient’s masked name). To a phone not ' +
      'registered it waits (`pending`) for 7 days, arrives when the phone registers, else comes back (`returned`). ' +
      'To oneself `422 self_transfer`; not enough balance `402 insufficient_funds`; above the no-PIN limit without ' +
      '`pin` `422 pin_required`; a wrong `pin` `401 invalid_credentials`.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: TransferDto })
  send(
    @CurrentPrincipal() p: Principal,
    @Body() dto: SendTransferDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<TransferDto> {
    return this.idempotency.run(idem, 201, (tx) => this.transfers.send(p.id, dto, tx), presentTransfer);
  }

  @Get()
  @ApiOkResponse({ type: TransferPageDto, description: 'the caller’s transfers, sent and received, newest first' })
  async list(@CurrentPrincipal() p: Principal, @Query() q: TransferListQueryDto): Promise<TransferPageDto> {
    const page = await this.transfers.list(p.id, {
      role: q.role ?? null,
      limit: q.limit ?? 50,
      cursor: q.cursor ?? null,
    });
    return { data: page.data.map(presentTransfer), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: TransferDto, description: 'to its sender or its recipient; anyone else `404`' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<TransferDto> {
    return presentTransfer(await this.transfers.get(p.id, id));
  }
}
