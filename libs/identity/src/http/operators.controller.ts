import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { OperatorsService } from '../operators.service';
import { type Principal } from '../principal';
import { CurrentPrincipal } from './principal.decorator';
import { Roles } from './roles.decorator';
import { CreatedOperatorDto, CreateOperatorDto } from './identity.dto';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('v1/operators')
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedOperatorDto })
  create(@Body() dto: CreateOperatorDto, @CurrentPrincipal() admin: Principal): Promise<CreatedOperatorDto> {
    return this.operators.create(dto, admin.id);
  }
}
