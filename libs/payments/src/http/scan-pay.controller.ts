import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@saoma/common';
import type { Principal } from '@saoma/identity';
import { IdempotencyService, type IdempotentRequest } from '@saoma/idempotency';
import { CheckoutService } from '../checkout.service';
import { ScanService } from '../scan.service';
import { CurrentPrincipal, Roles, Idempotent } from '@saoma/identity';
import { PayDto, PaymentDto, ScanDto, ScanResultDto } from './payments.dto';
import { present } from './payments.presenter';
import { IdParam } from '@saoma/http';

@ApiTags('scan and pay')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1')
export class ScanPayController {
  constructor(
    private readonly scans: ScanService,
    private readonly checkout: CheckoutService,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('scan')
  @HttpCode(200)
  @ApiOkResponse({ type: ScanResultDto })
  async scan(@CurrentPrincipal() p: Principal, @Body() dto: ScanDto): Promise<ScanResultDto> {
    const s = await this.scans.scan(p.id, dto.payload, this.config.emvGui);
    return present.scan(s, this.checkout.noPinLimit(s.currency));
  }

  @Post('payments')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: PaymentDto })
  pay(
    @CurrentPrincipal() p: Principal,
    @Body() dto: PayDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<PaymentDto> {
    return this.idempotency.run(idem, 201, (_tx, record) => this.checkout.pay(p.id, dto, record), present.payment);
  }

  @Get('payments/:id')
  @ApiOkResponse({ type: PaymentDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<PaymentDto> {
    return present.payment(await this.checkout.getForConsumer(p.id, id));
  }
}
