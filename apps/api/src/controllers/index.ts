import { ConsumersController } from './consumers.controller';
import { FinanceController } from './finance.controller';
import { FinanceReportsController } from './finance-reports.controller';
import { FinanceTreasuryController } from './finance-treasury.controller';
import { JwksController } from './jwks.controller';
import { MeController } from './me.controller';
import { MerchantCodesController } from './merchant-codes.controller';
import { MerchantOrdersController } from './merchant-orders.controller';
import { MerchantPaymentsController } from './merchant-payments.controller';
import { MerchantStatementsController } from './merchant-statements.controller';
import { MerchantController, MerchantsController } from './merchants.controller';
import { OperatorsController } from './operators.controller';
import { PrivacyController } from './privacy.controller';
import { PromotionsController } from './promotions.controller';
import { QrDecodeController } from './qr-decode.controller';
import { ScanPayController } from './scan-pay.controller';
import { TopupsController } from './topups.controller';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';

export const CONTROLLERS = [
  JwksController,
  OperatorsController,
  ConsumersController,
  MeController,
  MerchantsController,
  MerchantController,
  TopupsController,
  MerchantCodesController,
  MerchantOrdersController,
  MerchantPaymentsController,
  QrDecodeController,
  ScanPayController,
  PromotionsController,
  FinanceController,
  FinanceReportsController,
  FinanceTreasuryController,
  MerchantStatementsController,
  WebhookDeliveriesController,
  PrivacyController,
];
