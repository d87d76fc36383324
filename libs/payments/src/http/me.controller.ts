import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ConsumersService, type Principal, CurrentPrincipal, Roles, ConsumerDto, Idempotent } from '@saoma/identity';
import { IdempotencyService, type IdempotentRequest } from '@saoma/idempotency';
import { WalletsService } from '../wallets.service';
import { WithdrawalsService } from '../withdrawals.service';
import { TransactionPageDto, WalletListDto, WithdrawalDto, WithdrawalRequestDto } from './wallets.dto';
import { PageQueryDto } from '@saoma/http';
import { present } from './payments.presenter';

@ApiTags('consumer')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly consumers: ConsumersService,
    private readonly wallets: WalletsService,
    private readonly withdrawals: WithdrawalsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get()
  @ApiOkResponse({ type: ConsumerDto })
  async me(@CurrentPrincipal() p: Principal): Promise<ConsumerDto> {
    return present.consumer(await this.consumers.get(p.id));
  }

  @Get('wallets')
  @ApiOkResponse({ type: WalletListDto })
  async walletList(@CurrentPrincipal() p: Principal): Promise<WalletListDto> {
    return { data: (await this.wallets.walletsOf('consumer', p.id)).map(present.wallet) };
  }

  @Get('transactions')
  @ApiOkResponse({ type: TransactionPageDto })
  async transactions(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto): Promise<TransactionPageDto> {
    const page = await this.wallets.consumerStatement(p.id, { limit: q.limit ?? 50, cursor: q.cursor ?? null });
    return { data: page.data.map(present.transaction), nextCursor: page.nextCursor };
  }

  @Post('withdrawals')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: WithdrawalDto })
  withdraw(
    @CurrentPrincipal() p: Principal,
    @Body() dto: WithdrawalRequestDto,
    @Idempotent() idem: IdempotentRequest,
  ): Promise<WithdrawalDto> {
    return this.idempotency.run(idem, 201, (tx) => this.withdrawals.withdraw(p.id, dto, tx), present.withdrawal);
  }
}
