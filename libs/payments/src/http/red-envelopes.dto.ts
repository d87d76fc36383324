import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsMoneyAmount, PageQueryDto } from '@saoma/http';
import type { EnvelopeClaim, EnvelopeSummary, RedEnvelope } from '../red-envelopes/red-envelopes.service';

export class CreateRedEnvelopeDto {
  @ApiProperty({ example: '88.88' }) @IsMoneyAmount() total!: string;
  @ApiProperty({ example: 'CNY' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
  @ApiProperty({ minimum: 1, maximum: 100, example: 8 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  count!: number;
  @ApiProperty({ enum: ['random', 'equal'] }) @IsIn(['random', 'equal']) split!: 'random' | 'equal';
  @ApiPropertyOptional({ maxLength: 140, example: '恭喜发财' })
  @IsOptional()
  @IsString()
  @MaxLength(140)
  message?: string;
}

export class ClaimRedEnvelopeDto {
  @ApiProperty({ example: 'K7M2QX9PA4RT', maxLength: 16 }) @IsString() @MaxLength(16) code!: string;
}

export class EnvelopeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['sent', 'received'], default: 'sent' })
  @IsOptional()
  @IsIn(['sent', 'received'])
  role?: 'sent' | 'received';
}

export class EnvelopePersonDto {
  @ApiProperty({ example: 'L*****', description: 'masked: the first character of the name' }) displayName!: string;
}

export class EnvelopeClaimLineDto {
  @ApiProperty({ example: 'W*' }) displayName!: string;
  @ApiProperty({ example: '11.11' }) amount!: string;
  @ApiProperty() at!: string;
}

export class RedEnvelopeDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ description: 'what the sender shares; shown to the sender only' }) code?: string;
  @ApiProperty({ example: '88.88' }) total!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ enum: ['random', 'equal'] }) split!: string;
  @ApiPropertyOptional() message?: string;
  @ApiProperty({ enum: ['open', 'emptied', 'expired'] }) status!: string;
  @ApiProperty({ description: 'still to be claimed; 0 once emptied or returned' }) remaining!: string;
  @ApiPropertyOptional({ description: 'what went back to the sender at expiry' }) returned?: string;
  @ApiProperty({ type: [EnvelopeClaimLineDto] }) claims!: EnvelopeClaimLineDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
}

export class EnvelopeClaimDto {
  @ApiProperty() envelopeId!: string;
  @ApiProperty({ example: '11.11' }) amount!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: EnvelopePersonDto }) from!: EnvelopePersonDto;
  @ApiProperty() at!: string;
}

export class EnvelopeSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['sent', 'received'] }) role!: string;
  @ApiProperty({ type: EnvelopePersonDto }) from!: EnvelopePersonDto;
  @ApiProperty() total!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'shares claimed so far' }) claimed!: number;
  @ApiProperty({ enum: ['random', 'equal'] }) split!: string;
  @ApiPropertyOptional() message?: string;
  @ApiProperty({ enum: ['open', 'emptied', 'expired'] }) status!: string;
  @ApiPropertyOptional({ description: 'the caller’s own share, when they claimed one' }) myAmount?: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
}

export class EnvelopePageDto {
  @ApiProperty({ type: [EnvelopeSummaryDto] }) data!: EnvelopeSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export const presentEnvelopes = {
  envelope: (e: RedEnvelope): RedEnvelopeDto => ({
    id: e.id,
    ...(e.code ? { code: e.code } : {}),
    total: e.total.format(),
    currency: e.total.currency,
    count: e.count,
    split: e.split,
    ...(e.message ? { message: e.message } : {}),
    status: e.status,
    remaining: e.remaining.format(),
    ...(e.returned ? { returned: e.returned.format() } : {}),
    claims: e.claims.map((c) => ({ displayName: c.displayName, amount: c.amount.format(), at: c.at.toISOString() })),
    createdAt: e.createdAt.toISOString(),
    expiresAt: e.expiresAt.toISOString(),
  }),
  claim: (c: EnvelopeClaim): EnvelopeClaimDto => ({
    envelopeId: c.envelopeId,
    amount: c.amount.format(),
    currency: c.amount.currency,
    from: c.from,
    at: c.at.toISOString(),
  }),
  summary: (s: EnvelopeSummary): EnvelopeSummaryDto => ({
    id: s.id,
    role: s.role,
    from: s.from,
    total: s.total.format(),
    currency: s.total.currency,
    count: s.count,
    claimed: s.claimed,
    split: s.split,
    ...(s.message ? { message: s.message } : {}),
    status: s.status,
    ...(s.myAmount ? { myAmount: s.myAmount.format() } : {}),
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
  }),
};
