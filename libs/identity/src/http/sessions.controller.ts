import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdParam } from '@saoma/http';
import { ConsumerSessionsService } from '../consumer-sessions.service';
import type { Principal } from '../principal';
import { PrivacyService } from '../privacy';
import { AllowedWhenFrozen } from './allowed-when-frozen.decorator';
import { FreezeDto, FrozenDto, SessionListDto, UnfreezeDto } from './identity.dto';
import { CurrentPrincipal } from './principal.decorator';
import { Roles } from './roles.decorator';

/** A consumer's sessions: listed and ended (a lost phone is signed out from another). */
@ApiTags('identity')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/me/sessions')
export class SessionsController {
  constructor(private readonly sessions: ConsumerSessionsService) {}

  @Get()
  @ApiOkResponse({ type: SessionListDto })
  async list(@CurrentPrincipal() p: Principal): Promise<SessionListDto> {
    const live = await this.sessions.list(p.id, p.sessionId);
    return {
      data: live.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt.toISOString(),
        ...(s.userAgent ? { userAgent: s.userAgent } : {}),
        current: s.current,
      })),
    };
  }

  @Delete('current')
  @AllowedWhenFrozen()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'signed out: this token then gets 401' })
  async signOut(@CurrentPrincipal() p: Principal): Promise<void> {
    await this.sessions.end(p.id, p.sessionId!);
  }

  @Delete(':id')
  @AllowedWhenFrozen()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'that session ended; an id that is not one of the consumer’s own is 404' })
  async end(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<void> {
    await this.sessions.end(p.id, id);
  }
}

/** Finance freezes a consumer's wallet: it reads and receives, and nothing leaves it. */
@ApiTags('privacy')
@ApiBearerAuth()
@Roles('finance', 'admin')
@Controller('v1/finance/consumers/:id')
export class FreezeController {
  constructor(private readonly privacy: PrivacyService) {}

  @Post('freeze')
  @HttpCode(200)
  @ApiOkResponse({ type: FrozenDto, description: 'logged like a look-up, shown in the consumer’s access log' })
  async freeze(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: FreezeDto,
  ): Promise<FrozenDto> {
    const c = await this.privacy.setFrozen(p, id, dto.reason.trim(), dto.purpose);
    return { frozenAt: c.frozenAt!.toISOString() };
  }

  @Post('unfreeze')
  @HttpCode(200)
  @ApiOkResponse({ type: FrozenDto })
  async unfreeze(
    @CurrentPrincipal() p: Principal,
    @Param('id', IdParam) id: string,
    @Body() dto: UnfreezeDto,
  ): Promise<FrozenDto> {
    await this.privacy.setFrozen(p, id, null, dto.purpose);
    return { frozenAt: null };
  }
}
