import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ConsumersService } from '../consumers.service';
import { Public, ClientIp } from '@saoma/http';
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
  async register(@Body() dto: RegisterConsumerDto, @ClientIp() ip: string): Promise<RegisteredConsumerDto> {
    const r = await this.consumers.register(dto, ip);
    return { consumer: present.consumer(r.consumer), token: r.token };
  }

  @Public()
  @Post('sessions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: SessionDto })
  async signIn(@Body() dto: SignInDto, @ClientIp() ip: string): Promise<SessionDto> {
    const s = await this.consumers.signIn(dto.phone, dto.pin, ip);
    return { token: s.token, expiresAt: s.expiresAt.toISOString() };
  }
}
