import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SigningService } from '../signing.service';
import { Public } from '@saoma/http';

@ApiTags('service')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly signing: SigningService) {}

  /** Public keys that verify every JWS and webhook signature of the service, current and retired. */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ description: 'JWKS' })
  jwks(): Promise<unknown> | unknown {
    return this.signing.jwks();
  }
}
