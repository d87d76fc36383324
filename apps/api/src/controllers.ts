import {
  FinanceController,
  FinanceReportsController,
  FinanceTreasuryController,
  MerchantStatementsController,
} from '@saoma/finance';
import { ConsumersController, FreezeController, OperatorsController, SessionsController } from '@saoma/identity';
import {
  AccountController,
  MeController,
  MerchantCodesController,
  MerchantController,
  MerchantOrdersController,
  MerchantPaymentsController,
  PaymentCodesController,
  MerchantChargesController,
  MyChargesController,
  MerchantsController,
  PrivacyController,
  PromotionsController,
  ScanPayController,
  TopupsController,
  TransfersController,
  RedEnvelopesController,
  MerchantBillsController,
  BillsController,
} from '@saoma/payments';
import { QrDecodeController } from '@saoma/qr';
import { JwksController } from '@saoma/signing';
import { WebhookDeliveriesController } from '@saoma/webhooks';

/** Every slice's routes, as the app serves them (each controller lives in its slice's src/http). */
export const CONTROLLERS = [
  JwksController,
  OperatorsController,
  ConsumersController,
  SessionsController,
  FreezeController,
  AccountController,
  MeController,
  MerchantsController,
  MerchantController,
  TopupsController,
  MerchantCodesController,
  MerchantOrdersController,
  MerchantPaymentsController,
  QrDecodeController,
  ScanPayController,
  PaymentCodesController,
  MerchantChargesController,
  MyChargesController,
  PromotionsController,
  FinanceController,
  FinanceReportsController,
  FinanceTreasuryController,
  MerchantStatementsController,
  WebhookDeliveriesController,
  PrivacyController,
  TransfersController,
  RedEnvelopesController,
  MerchantBillsController,
  BillsController,
];
