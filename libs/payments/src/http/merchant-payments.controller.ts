import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@saoma/identity';
import { IdempotencyService, type IdempotentRequest } from '@saoma/idempotency';
import { MerchantPaymentsService } from '../merchant-payments.service';
import { RefundsService } from '../refunds.service';
import { CurrentPrincipal, Roles, Idempotent } from '@saoma/identity';
import {
  MerchantPaymentDto,
  MerchantPaymentPageDto,
  MerchantPaymentsQueryDto,
  RefundDto,
  RefundRequestDto,
} from './payments.dto';
import { present } from './payments.presenter';
import { IdParam } from '@saoma/http';

/** A date alone is a whole UTC day: from its start, to the end of the `to` day. */
function bound(v: string | undefined, end: boolean): Date | null {
  if (!v) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(Date.parse(`${v}T00:00:00Z`) + (end ? 86_400_000 : 0));
  return new Date(v);
}

@ApiTags('merchant payments')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/payments')
export class MerchantPaymentsController {
  constructor(
    private readonly payments: MerchantPaymentsService,
    private readonly refunds: RefundsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MerchantPaymentPageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: MerchantPaymentsQueryDto): Promise<MerchantPaymentPageDto> {
    const page = await this.payments.list(p.id, {
      from: bound(q.from, false),
      to: bound(q.to, true),
      limit: q.limit ?? 50,
      cursor: q.cursor ?? null,
    });
    return { data: page.data.map(present.merchantPayment), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOkResponse({ type: MerchantPaymentDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<MerchantPaymentDto> {
    return present.merchantPayment(await this.payments.get(p.id, id));
  }

  @Post(':id/refunds')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: RefundDto })
  refund(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: RefundRequestDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<RefundDto> {
    return this.idempotency.run(idem, 201, (tx) => this.refunds.refund(p.id, id, dto, tx), present.refund);
  }
}
