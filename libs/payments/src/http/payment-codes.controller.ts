import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdParam } from '@saoma/http';
import { CurrentPrincipal, type Principal, Roles } from '@saoma/identity';
import { PaymentCodesService } from '../payment-codes/payment-codes.service';
import {
  CreatePaymentCodesDto,
  PaymentCodePackDto,
  PaymentCodePackListDto,
  presentPaymentCodes,
} from './payment-codes.dto';

/** The consumer's packs of payment codes (the code the till scans: consumer-presented mode). */
@ApiTags('pay with the phone’s code')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/me/payment-codes')
export class PaymentCodesController {
  constructor(private readonly codes: PaymentCodesService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: PaymentCodePackDto,
    description: 'a pack for one phone; a wrong pin is 401 invalid_credentials',
  })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreatePaymentCodesDto): Promise<PaymentCodePackDto> {
    return presentPaymentCodes.pack(await this.codes.create(p.id, p.sessionId ?? null, dto));
  }

  @Get()
  @ApiOkResponse({ type: PaymentCodePackListDto, description: 'live packs, never a key' })
  async list(@CurrentPrincipal() p: Principal): Promise<PaymentCodePackListDto> {
    return { data: (await this.codes.list(p.id)).map(presentPaymentCodes.summary) };
  }

  @Delete(':packId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'every code of the pack is refused from then on' })
  async remove(@CurrentPrincipal() p: Principal, @Param('packId', IdParam) packId: string): Promise<void> {
    await this.codes.delete(p.id, packId);
  }
}
