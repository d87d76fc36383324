import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { PromotionsService } from '../promotions.service';
import { Roles } from '@saoma/identity';
import { CreatePromotionDto, PromotionDto } from './payments.dto';
import { present } from './payments.presenter';

@ApiTags('promotions')
@ApiBearerAuth()
@Controller('v1/promotions')
export class PromotionsController {
  constructor(private readonly promotions: PromotionsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ type: PromotionDto })
  async create(@Body() dto: CreatePromotionDto): Promise<PromotionDto> {
    return present.promotion(await this.promotions.create(dto));
  }
}
