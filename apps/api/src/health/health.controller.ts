import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '@saoma/http';
import { HealthService } from './health.service';

class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

class ReadyDto {
  @ApiProperty({ enum: ['ready'] }) status!: 'ready';
}

@ApiTags('service')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get('health')
  @ApiOkResponse({ type: HealthDto })
  check(): Promise<HealthDto> {
    return this.health.check();
  }

  /** For a load balancer: 200 when this process can serve (database up, schema complete), else 503 with Retry-After. */
  @Public()
  @Get('health/ready')
  @ApiOkResponse({ type: ReadyDto })
  ready(): Promise<ReadyDto> {
    return this.health.ready();
  }
}
