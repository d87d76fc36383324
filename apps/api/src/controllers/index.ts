import { ConsumersController } from './consumers.controller';
import { MeController } from './me.controller';
import { MerchantController, MerchantsController } from './merchants.controller';
import { OperatorsController } from './operators.controller';
import { TopupsController } from './topups.controller';

export const CONTROLLERS = [OperatorsController, ConsumersController, MeController, MerchantsController, MerchantController, TopupsController];
