import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@saoma/identity';
import { OrdersService } from '../orders.service';
import type { HttpReply } from '@saoma/http';
import { CurrentPrincipal, Roles } from '@saoma/identity';
import { CreateOrderDto, OrderDto } from './payments.dto';
import { present } from './payments.presenter';
import { IdParam } from '@saoma/http';

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
