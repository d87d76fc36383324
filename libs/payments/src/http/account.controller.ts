import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowedWhenFrozen, CurrentPrincipal, type Principal, Roles } from '@saoma/identity';
import { AccountsService } from '../accounts/accounts.service';
import { ChangePinDto, ClosedAccountDto, CloseAccountDto } from './account.dto';

/** The consumer's own account: a new PIN, a closure. */
@ApiTags('identity')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/me')
export class AccountController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('pin')
  @AllowedWhenFrozen()
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'every other session and every payment-code pack stop working; a wrong currentPin is 401 and counts toward the lockout',
  })
  async changePin(@CurrentPrincipal() p: Principal, @Body() dto: ChangePinDto): Promise<void> {
    await this.accounts.changePin(p.id, p.sessionId, dto.currentPin, dto.newPin);
  }

  @Post('closure')
  @HttpCode(200)
  @ApiOkResponse({
    type: ClosedAccountDto,
    description: 'money left `409 balance_not_zero`; a withdrawal on its way `409 closure_blocked`',
  })
  async close(@CurrentPrincipal() p: Principal, @Body() dto: CloseAccountDto): Promise<ClosedAccountDto> {
    return { closedAt: (await this.accounts.close(p.id, dto.pin)).toISOString() };
  }
}
