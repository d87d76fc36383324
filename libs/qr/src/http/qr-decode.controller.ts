import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { decodeEmvMpm } from '../emv-mpm.decoder';
import { Public } from '@saoma/http';
import { DecodeQrDto } from './qr.dto';

@ApiTags('codes')
@Controller('v1/qr')
export class QrDecodeController {
  /** Any scheme's EMV merchant-presented code, read and checked. */
  @Public()
  @Post('decode')
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '{format, pointOfInitiation, merchantName, merchantCity, countryCode, currency?, amount?, crc, fields}',
  })
  decode(@Body() dto: DecodeQrDto): Record<string, unknown> {
    const c = decodeEmvMpm(dto.payload);
    return {
      format: c.format,
      pointOfInitiation: c.pointOfInitiation,
      ...(c.merchantName !== undefined ? { merchantName: c.merchantName } : {}),
      ...(c.merchantCity !== undefined ? { merchantCity: c.merchantCity } : {}),
      countryCode: c.countryCode,
      ...(c.currency !== undefined ? { currency: c.currency } : {}),
      ...(c.amount !== undefined ? { amount: c.amount } : {}),
      crc: c.crc,
      fields: c.fields,
      ...(c.alternateLanguage ? { alternateLanguage: c.alternateLanguage } : {}),
      ...(c.additionalData ? { additionalData: c.additionalData } : {}),
    };
  }
}
