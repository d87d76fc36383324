import { Injectable, type PipeTransform } from '@nestjs/common';
import { HttpError } from './http-error';

/** A merchant's own reference (orders, bills), as the contract writes it: 1 to 25 of A–Z a–z 0–9 . _ - */
export const MERCHANT_REFERENCE = /^[A-Za-z0-9._-]{1,25}$/;

/** A reference in the path: anything else is refused as the body's fields are (400 validation_failed). */
@Injectable()
export class ReferenceParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!MERCHANT_REFERENCE.test(value))
      throw new HttpError('validation_failed', 'reference must be 1 to 25 letters, digits, "-", "_" or "."');
    return value;
  }
}
