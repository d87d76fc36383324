import { ConsumerSessionsService } from './consumer-sessions.service';
import { SessionsRepository } from './sessions.repository';
import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { ConsumersService } from './consumers.service';
import { IdentityRepository } from './identity.repository';
import { MerchantsService } from './merchants.service';
import { WebhookSecretsRepository } from './webhook-secrets.repository';
import { OperatorsService } from './operators.service';
import { AccessLogRepository } from './privacy/access-log.repository';
import { PrivacyService } from './privacy/privacy.service';
import { RateLimiter } from './rate-limiter';
import { SessionTokenService } from './session-token.service';

@Module({
  providers: [
    IdentityRepository,
    SessionTokenService,
    SessionsRepository,
    ConsumerSessionsService,
    RateLimiter,
    AuthService,
    ConsumersService,
    MerchantsService,
    WebhookSecretsRepository,
    OperatorsService,
    AccessLogRepository,
    PrivacyService,
  ],
  exports: [
    AuthService,
    ConsumersService,
    ConsumerSessionsService,
    MerchantsService,
    OperatorsService,
    RateLimiter,
    PrivacyService,
  ],
})
export class IdentityModule {}
