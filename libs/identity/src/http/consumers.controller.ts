import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ConsumersService } from '../consumers.service';
import { Public, ClientIp, headerOf, type HttpRequest } from '@saoma/http';
import { RegisteredConsumerDto, RegisterConsumerDto, SessionDto, SignInDto } from './identity.dto';
import { presentIdentity as present } from './identity.presenter';

@ApiTags('identity')
@Controller('v1/consumers')
export class ConsumersController {
  constructor(private readonly consumers: ConsumersService) {}

  @Public()
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: RegisteredConsumerDto })
  async register(
    @Body() dto: RegisterConsumerDto,
    @ClientIp() ip: string,
    @Req() req: HttpRequest,
  ): Promise<RegisteredConsumerDto> {
    const r = await this.consumers.register(dto, ip, headerOf(req, 'user-agent') ?? null);
    return { consumer: present.consumer(r.consumer), token: r.token };
  }

  @Public()
  @Post('sessions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: SessionDto })
  async signIn(@Body() dto: SignInDto, @ClientIp() ip: string, @Req() req: HttpRequest): Promise<SessionDto> {
    const s = await this.consumers.signIn(dto.phone, dto.pin, ip, headerOf(req, 'user-agent') ?? null);
    return { token: s.token, expiresAt: s.expiresAt.toISOString() };
  }
}
