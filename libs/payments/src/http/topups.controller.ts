import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@saoma/identity';
import { IdempotencyService, type IdempotentRequest } from '@saoma/idempotency';
import { TopupsService } from '../topups.service';
import { CurrentPrincipal, Roles, Idempotent } from '@saoma/identity';
import { TopupDto, TopupRequestDto } from './wallets.dto';
import { present } from './payments.presenter';

@ApiTags('money')
@ApiBearerAuth()
@Controller('v1/topups')
export class TopupsController {
  constructor(
    private readonly topups: TopupsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'finance')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: TopupDto })
  create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: TopupRequestDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<TopupDto> {
    return this.idempotency.run(idem, 201, (tx) => this.topups.topUp(dto, p.id, tx), present.topup);
  }
}
