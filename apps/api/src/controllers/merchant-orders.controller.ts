import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@saoma/identity';
import { OrdersService } from '@saoma/payments';
import type { HttpReply } from '../http/http-types';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Roles } from '../auth/roles.decorator';
import { CreateOrderDto, OrderDto } from '../dto/payments.dto';
import { present } from '../dto/presenters';
import { IdParam } from '../http/id-param.pipe';

@ApiTags('merchant orders')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/orders')
export class MerchantOrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** 201 for a new order; the same reference and amount again → 200 with the order as it now stands. */
  @Post()
  @ApiCreatedResponse({ type: OrderDto })
  @ApiOkResponse({ type: OrderDto, description: 'an order with this reference and amount already exists' })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreateOrderDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<OrderDto> {
    const { order, created } = await this.orders.create(p.id, dto);
    res.code(created ? 201 : 200);
    return present.order(order);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<OrderDto> {
    return present.order(await this.orders.get(p.id, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', IdParam) id: string): Promise<OrderDto> {
    return present.order(await this.orders.cancel(p.id, id));
  }
}
