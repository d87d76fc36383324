import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { POSTER_LANGUAGES, type PosterLanguage } from '@saoma/qr';

export class PosterQueryDto {
  @ApiPropertyOptional({
    enum: POSTER_LANGUAGES,
    description:
      'the language of the poster’s words ("Scan to pay", "Scannez pour payer", "扫码付款"); default: from the merchant’s country (CN, TW, HK, MO, SG: zh-Hans; France, Belgium, Switzerland, Luxembourg, Monaco and French-speaking countries: fr; elsewhere en)',
  })
  @IsOptional()
  @IsIn(POSTER_LANGUAGES)
  lang?: PosterLanguage;
}
