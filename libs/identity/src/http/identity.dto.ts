import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO31661Alpha2, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';

export class CreateOperatorDto {
  @ApiProperty({ example: 'Finance desk' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: ['admin', 'finance'] })
  @IsIn(['admin', 'finance'])
  role!: 'admin' | 'finance';
}

export class OperatorDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['admin', 'finance'] }) role!: 'admin' | 'finance';
}

export class CreatedOperatorDto {
  @ApiProperty({ type: OperatorDto }) operator!: OperatorDto;
  @ApiProperty({ description: 'Shown once; stored only as a hash.' }) apiKey!: string;
}

export class RegisterConsumerDto {
  @ApiProperty({ example: 'Li Lei' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: '+8613800138000', description: 'E.164' })
  @IsString()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phone must be an E.164 number such as +8613800138000' })
  phone!: string;

  @ApiProperty({ example: '123456', description: '6 digits' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'pin must be 6 digits' })
  pin!: string;
}

export class SignInDto {
  @ApiProperty({ example: '+8613800138000' })
  @IsString()
  @Matches(/^\+[1-9][0-9]{6,14}$/, { message: 'phone must be an E.164 number such as +8613800138000' })
  phone!: string;

  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'pin must be 6 digits' })
  pin!: string;
}

export class ConsumerDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() phone!: string;
  @ApiPropertyOptional({ description: 'while finance has frozen the wallet: it receives money, and none can leave it' })
  frozenAt?: string;
}

export class RegisteredConsumerDto {
  @ApiProperty({ type: ConsumerDto }) consumer!: ConsumerDto;
  @ApiProperty() token!: string;
}

export class SessionDto {
  @ApiProperty() token!: string;
  @ApiProperty() expiresAt!: string;
}

export class CreateMerchantDto {
  @ApiProperty({ example: 'Noodle Bar' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ example: 'Shanghai' })
  @IsString()
  @Length(1, 60)
  city!: string;

  @ApiProperty({ example: 'CN' })
  @IsISO31661Alpha2()
  countryCode!: string;

  @ApiProperty({ example: '5812', description: 'ISO 18245 merchant category code' })
  @IsString()
  @Matches(/^[0-9]{4}$/, { message: 'mcc must be 4 digits' })
  mcc!: string;

  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiProperty({ example: '0.006', description: 'decimal string, "0.006" = 0.6 %' })
  @IsString()
  @MaxLength(20)
  feeRate!: string;

  @ApiPropertyOptional({ example: 'https://till.example/webhooks/saoma' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  webhookUrl?: string;
}

export class MerchantDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty() countryCode!: string;
  @ApiProperty() mcc!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ example: '0.006' }) feeRate!: string;
  @ApiProperty({ type: String, nullable: true }) webhookUrl!: string | null;
}

/** PATCH /v1/merchant's answer: the profile, and the webhook secret the first time a URL is set. */
export class UpdatedMerchantDto extends MerchantDto {
  @ApiPropertyOptional({
    description: 'whsec_…: returned once, when the first webhookUrl is set; keep it to verify `v1` signatures',
  })
  webhookSecret?: string;
}

export class WebhookSecretDto {
  @ApiProperty({ description: 'whsec_…: returned once; the previous secret keeps signing beside it for 24 hours' })
  webhookSecret!: string;
}

export class CreatedMerchantDto {
  @ApiProperty({ type: MerchantDto }) merchant!: MerchantDto;
  @ApiProperty({ description: 'Shown once; stored only as a hash.' }) apiKey!: string;
}

export class UpdateMerchantDto {
  @ApiProperty({ type: String, nullable: true, example: 'https://till.example/webhooks/saoma' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  webhookUrl!: string | null;
}

export class SessionViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() lastUsedAt!: string;
  @ApiPropertyOptional() userAgent?: string;
  @ApiProperty({ description: 'the session of this request' }) current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionViewDto] }) data!: SessionViewDto[];
}

export class FreezeDto {
  @ApiProperty({ example: 'Court order 2026/1187' }) @IsString() @Length(1, 500) reason!: string;
  @ApiProperty({ example: 'Ticket 4711: freeze ordered by the court', description: 'logged, shown to the consumer' })
  @IsString()
  purpose!: string;
}

export class UnfreezeDto {
  @ApiProperty({ example: 'Ticket 4711: order lifted' }) @IsString() purpose!: string;
}

export class FrozenDto {
  @ApiProperty({ type: String, nullable: true }) frozenAt!: string | null;
}
