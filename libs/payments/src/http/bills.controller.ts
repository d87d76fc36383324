import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type HttpReply, ReferenceParam } from '@saoma/http';
import { CurrentPrincipal, type Principal, Roles } from '@saoma/identity';
import { BillsService } from '../bills/bills.service';
import { CheckoutService } from '../checkout.service';
import { BillDto, BillListQueryDto, BillLookupDto, BillPageDto, presentBill, PutBillDto } from './bills.dto';
import { ScanResultDto } from './payments.dto';
import { present } from './payments.presenter';

/** A tax office or a utility issues bills. */
@ApiTags('bills and taxes')
@ApiBearerAuth()
@Roles('merchant')
@Controller('v1/merchant/bills')
export class MerchantBillsController {
  constructor(private readonly bills: BillsService) {}

  @Put(':reference')
  @ApiOperation({
    summary: 'Issue a bill by its reference',
    description:
      '`201` new; the same body again `200`; another body for an open bill `409 duplicate_reference`, for a paid ' +
      'bill `409 bill_already_paid`. `payload` is the dynamic EMV code to print on the paper bill (62-01 the reference).',
  })
  @ApiCreatedResponse({ type: BillDto })
  @ApiOkResponse({ type: BillDto, description: 'the same bill, sent again' })
  async put(
    @CurrentPrincipal() p: Principal,
    @Param('reference', ReferenceParam) reference: string,
    @Body() dto: PutBillDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<BillDto> {
    const { bill, created } = await this.bills.put(p.id, reference, dto);
    res.code(created ? 201 : 200);
    return presentBill(bill);
  }

  @Get()
  @ApiOkResponse({ type: BillPageDto, description: 'the merchant’s bills, newest first, open or paid or both' })
  async list(@CurrentPrincipal() p: Principal, @Query() q: BillListQueryDto): Promise<BillPageDto> {
    const page = await this.bills.list(p.id, {
      status: q.status ?? null,
      limit: q.limit ?? 50,
      cursor: q.cursor ?? null,
    });
    return { data: page.data.map(presentBill), nextCursor: page.nextCursor };
  }

  @Get(':reference')
  @ApiOkResponse({ type: BillDto, description: '`status` open or paid, with `paymentId` once paid' })
  async get(@CurrentPrincipal() p: Principal, @Param('reference', ReferenceParam) reference: string): Promise<BillDto> {
    return presentBill(await this.bills.get(p.id, reference));
  }

  @Get(':reference/image.png')
  @ApiProduces('image/png')
  @Header('Content-Type', 'image/png')
  @ApiOkResponse({ description: 'the QR image of the bill’s payload' })
  async png(
    @CurrentPrincipal() p: Principal,
    @Param('reference', ReferenceParam) reference: string,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.bills.png(p.id, reference), { type: 'image/png' });
  }
}

/** A consumer pays a bill by typing its reference. */
@ApiTags('bills and taxes')
@ApiBearerAuth()
@Roles('consumer')
@Controller('v1/bills')
export class BillsController {
  constructor(
    private readonly bills: BillsService,
    private readonly checkout: CheckoutService,
  ) {}

  @Post('lookup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Find a bill by its reference, typed from the paper bill',
    description: 'Answers as `POST /v1/scan` does, with `bill`; unknown `404 bill_not_found`.',
  })
  @ApiOkResponse({ type: ScanResultDto })
  async lookup(@CurrentPrincipal() p: Principal, @Body() dto: BillLookupDto): Promise<ScanResultDto> {
    const s = await this.bills.lookup(p.id, dto.merchantId, dto.reference);
    return present.scan(s, this.checkout.noPinLimit(s.currency));
  }
}
