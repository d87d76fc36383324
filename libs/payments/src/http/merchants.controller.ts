import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  MerchantsService,
  type Principal,
  CurrentPrincipal,
  Roles,
  CreatedMerchantDto,
  CreateMerchantDto,
  MerchantDto,
  UpdateMerchantDto,
} from '@saoma/identity';
import { WalletsService } from '../wallets.service';
import { BalanceDto } from './wallets.dto';
import { present } from './payments.presenter';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('v1/merchants')
export class MerchantsController {
  constructor(private readonly merchants: MerchantsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedMerchantDto })
  async create(@Body() dto: CreateMerchantDto): Promise<CreatedMerchantDto> {
    const r = await this.merchants.create(dto);
    return { merchant: present.merchant(r.merchant), apiKey: r.apiKey };
  }
}

@ApiTags('merchant')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant')
export class MerchantController {
  constructor(
    private readonly merchants: MerchantsService,
    private readonly wallets: WalletsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MerchantDto })
  async profile(@CurrentPrincipal() p: Principal): Promise<MerchantDto> {
    return present.merchant(await this.merchants.get(p.id));
  }

  @Patch()
  @ApiOkResponse({ type: MerchantDto })
  async update(@CurrentPrincipal() p: Principal, @Body() dto: UpdateMerchantDto): Promise<MerchantDto> {
    return present.merchant(await this.merchants.setWebhook(p.id, dto.webhookUrl ?? null));
  }

  @Get('balance')
  @ApiOkResponse({ type: BalanceDto })
  async balance(@CurrentPrincipal() p: Principal): Promise<BalanceDto> {
    const m = await this.merchants.get(p.id);
    const balance = await this.wallets.merchantBalance(p.id, m.currency);
    return { currency: m.currency, balance: balance.format() };
  }
}
