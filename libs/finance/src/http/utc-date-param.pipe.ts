import type { PipeTransform } from '@nestjs/common';
import { isUtcDate } from '../utc-day';
import { HttpError } from '@saoma/http';

/** A `YYYY-MM-DD` UTC day in the path; anything else is 400 validation_failed. */
export const UtcDateParam: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!isUtcDate(value)) {
      const message = 'date must be a UTC day YYYY-MM-DD';
      throw new HttpError('validation_failed', message, { errors: [{ field: 'date', messages: [message] }] });
    }
    return value;
  },
};
