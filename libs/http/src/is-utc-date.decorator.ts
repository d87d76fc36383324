import { isUtcDate } from '@saoma/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A date field: `YYYY-MM-DD`, a real UTC calendar day. */
export function IsUtcDate(opts?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUtcDate',
      validator: {
        validate: (v) => isUtcDate(v),
        defaultMessage: (a) => `${a?.property ?? 'date'} must be a day YYYY-MM-DD`,
      },
    },
    opts,
  );
}
