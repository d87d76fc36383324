import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  MerchantsService,
  type Principal,
  CurrentPrincipal,
  Roles,
  CreatedMerchantDto,
  CreateMerchantDto,
  MerchantDto,
  UpdateMerchantDto,
  UpdatedMerchantDto,
  WebhookSecretDto,
} from '@saoma/identity';
import { WalletsService } from '../wallets.service';
import { WEBHOOK_TESTS_PER_MINUTE, WebhookTestService } from '../webhook-test.service';
import { presentWebhookTest, WebhookTestDto } from './webhook-test.dto';
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
    private readonly webhookTests: WebhookTestService,
  ) {}

  @Get()
  @ApiOkResponse({ type: MerchantDto })
  async profile(@CurrentPrincipal() p: Principal): Promise<MerchantDto> {
    return present.merchant(await this.merchants.get(p.id));
  }

  @Patch()
  @ApiOkResponse({ type: UpdatedMerchantDto })
  async update(@CurrentPrincipal() p: Principal, @Body() dto: UpdateMerchantDto): Promise<UpdatedMerchantDto> {
    const { merchant, webhookSecret } = await this.merchants.setWebhook(p.id, dto.webhookUrl ?? null);
    return { ...present.merchant(merchant), ...(webhookSecret ? { webhookSecret } : {}) };
  }

  @Post('webhook-secret')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A new webhook secret',
    description: 'Returned once. The previous secret keeps signing (a second `v1` signature) for 24 hours.',
  })
  @ApiCreatedResponse({ type: WebhookSecretDto })
  async rotateWebhookSecret(@CurrentPrincipal() p: Principal): Promise<WebhookSecretDto> {
    return { webhookSecret: await this.merchants.rotateWebhookSecret(p.id) };
  }

  @Post('webhook-test')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a test delivery',
    description:
      'Queues one `webhook.test` event, data `{"test": true, "merchantId": …, "sentAt": …}`, delivered to the webhookUrl, ' +
      'signed (`v1` and `v1a`), retried and logged in GET /v1/merchant/webhook-deliveries like any event. No webhookUrl: ' +
      `\`409 webhook_url_missing\`; more than ${WEBHOOK_TESTS_PER_MINUTE} asks a minute: \`429 rate_limited\`.`,
  })
  @ApiAcceptedResponse({ type: WebhookTestDto })
  async sendWebhookTest(@CurrentPrincipal() p: Principal): Promise<WebhookTestDto> {
    return presentWebhookTest(await this.webhookTests.send(p.id));
  }

  @Get('balance')
  @ApiOkResponse({ type: BalanceDto })
  async balance(@CurrentPrincipal() p: Principal): Promise<BalanceDto> {
    const m = await this.merchants.get(p.id);
    const balance = await this.wallets.merchantBalance(p.id, m.currency);
    return { currency: m.currency, balance: balance.format() };
  }
}
