import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type HttpReply, IdParam } from '@saoma/http';
import { AllowedWhenFrozen, CurrentPrincipal, Idempotent, type Principal, Roles } from '@saoma/identity';
import { IdempotencyService, type IdempotentRequest } from '@saoma/idempotency';
import { ChargesService } from '../charges/charges.service';
import { AwaitingChargeListDto, ChargeDto, ConfirmChargeDto, CreateChargeDto, presentCharges } from './charges.dto';
import { PaymentDto } from './payments.dto';
import { present } from './payments.presenter';

/** The till scans the consumer's code (consumer-presented mode). */
@ApiTags('pay with the phone’s code')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/charges')
export class MerchantChargesController {
  constructor(private readonly charges: ChargesService) {}

  @Post()
  @ApiOperation({
    summary: 'Charge the code on the consumer’s screen',
    description:
      '`201` the charge succeeded (a payment); `202` above the offline limits: it waits for the consumer’s PIN for 5 minutes. ' +
      'A used handle `409 payment_code_used`; anything else wrong with the code `422 invalid_payment_code`, with no hint of which ' +
      'part failed; more than 20 such refusals a minute `429 rate_limited`.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: ChargeDto })
  @ApiAcceptedResponse({ type: ChargeDto, description: 'awaiting_consumer' })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateChargeDto,
    @Idempotent() idem: IdempotentRequest,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<ChargeDto> {
    const { status, body } = await this.charges.charge(p.id, dto, idem, presentCharges.charge);
    res.code(status);
    return body as ChargeDto;
  }

  @Get(':id')
  @ApiOkResponse({ type: ChargeDto, description: 'awaiting_consumer → succeeded | declined | expired' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<ChargeDto> {
    return presentCharges.charge(await this.charges.getForMerchant(p.id, id));
  }
}

/** Charges that wait for the consumer's PIN. */
@ApiTags('pay with the phone’s code')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/me/charges')
export class MyChargesController {
  constructor(
    private readonly charges: ChargesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get()
  @ApiOkResponse({ type: AwaitingChargeListDto, description: 'charges awaiting the consumer' })
  async list(@CurrentPrincipal() p: Principal): Promise<AwaitingChargeListDto> {
    return { data: (await this.charges.awaiting(p.id)).map(presentCharges.awaiting) };
  }

  @Post(':id/confirm')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: PaymentDto, description: 'the payment, as POST /v1/payments answers' })
  confirm(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: ConfirmChargeDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<PaymentDto> {
    return this.idempotency.run(
      idem,
      201,
      (_tx, record) => this.charges.confirm(p.id, id, dto.pin, record),
      present.payment,
    );
  }

  @Post(':id/decline')
  @AllowedWhenFrozen()
  @HttpCode(200)
  @ApiOkResponse({ type: ChargeDto })
  async decline(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<ChargeDto> {
    return presentCharges.charge(await this.charges.decline(p.id, id));
  }
}
