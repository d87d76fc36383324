import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam } from '@saoma/http';
import { AllowedWhenFrozen, CurrentPrincipal, Idempotent, type Principal, Roles } from '@saoma/identity';
import { IdempotencyService, type IdempotentRequest } from '@saoma/idempotency';
import { RedEnvelopesService } from '../red-envelopes/red-envelopes.service';
import {
  ClaimRedEnvelopeDto,
  CreateRedEnvelopeDto,
  EnvelopeClaimDto,
  EnvelopeListQueryDto,
  EnvelopePageDto,
  presentEnvelopes,
  RedEnvelopeDto,
} from './red-envelopes.dto';

@ApiTags('between people')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/red-envelopes')
export class RedEnvelopesController {
  constructor(
    private readonly envelopes: RedEnvelopesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Make a red envelope',
    description:
      'The money leaves the wallet at once. `count` 1 to 100; each share at least one minor unit (`422 invalid_amount` ' +
      'when `total` is smaller); `split` `equal` or `random` as the contract defines them. `code` is what the sender ' +
      'shares; it can be claimed for 24 hours, then what is left comes back.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: RedEnvelopeDto })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateRedEnvelopeDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<RedEnvelopeDto> {
    return this.idempotency.run(idem, 201, (tx) => this.envelopes.create(p.id, dto, tx), presentEnvelopes.envelope);
  }

  @Post('claims')
  @HttpCode(201)
  @AllowedWhenFrozen() // money in: a frozen wallet receives
  @ApiOperation({
    summary: 'Claim a share of an envelope by its code',
    description:
      'Once per consumer (`409 already_claimed`); none left `410 envelope_empty`; expired `410 envelope_expired`; ' +
      'unknown code `404 envelope_not_found`; more than 30 claims a minute `429 rate_limited`.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: EnvelopeClaimDto })
  claim(
    @CurrentPrincipal() p: Principal,
    @Body() dto: ClaimRedEnvelopeDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<EnvelopeClaimDto> {
    return this.idempotency.run(idem, 201, (tx) => this.envelopes.claim(p.id, dto.code, tx), presentEnvelopes.claim);
  }

  @Get()
  @ApiOkResponse({
    type: EnvelopePageDto,
    description: 'the caller’s envelopes, sent (default) or claimed from, newest first',
  })
  async list(@CurrentPrincipal() p: Principal, @Query() q: EnvelopeListQueryDto): Promise<EnvelopePageDto> {
    const page = await this.envelopes.list(p.id, {
      role: q.role ?? 'sent',
      limit: q.limit ?? 50,
      cursor: q.cursor ?? null,
    });
    return { data: page.data.map(presentEnvelopes.summary), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({
    type: RedEnvelopeDto,
    description: 'to its sender and those who claimed from it; anyone else `404`',
  })
  async get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<RedEnvelopeDto> {
    return presentEnvelopes.envelope(await this.envelopes.get(p.id, id));
  }
}
