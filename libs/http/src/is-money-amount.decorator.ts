import { registerDecorator, type ValidationOptions } from 'class-validator';

export const MONEY_AMOUNT_CONSTRAINT = 'isMoneyAmount';

/**
 * A money amount in a request: a decimal string. The shape is checked here
 * (so that a JSON number is refused as invalid_amount, not as a generic
 * validation failure); the currency's digits are checked where the currency
 * is known, by Money.parse.
 */
export function IsMoneyAmount(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: MONEY_AMOUNT_CONSTRAINT,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a decimal string such as "12.30"`, ...options },
      validator: {
        validate: (v: unknown) => typeof v === 'string' && /^[0-9]{1,12}(\.[0-9]{1,3})?$/.test(v),
      },
    });
}
