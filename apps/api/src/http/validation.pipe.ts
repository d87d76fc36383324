import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { MoneyError } from '@saoma/money';
import { HttpError, MONEY_AMOUNT_CONSTRAINT } from '@saoma/http';

interface FieldProblem {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], prefix = ''): Array<FieldProblem & { constraints: string[] }> {
  const out: Array<FieldProblem & { constraints: string[] }> = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints)
      out.push({ field, messages: Object.values(e.constraints), constraints: Object.keys(e.constraints) });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Strict DTOs everywhere: unknown fields refused, types transformed, errors coded. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    exceptionFactory: (errors: ValidationError[]) => {
      const fields = flatten(errors);
      const money = fields.find((f) => f.constraints.includes(MONEY_AMOUNT_CONSTRAINT));
      if (money)
        return new MoneyError('invalid_amount', `${money.field} must be a positive decimal string such as "12.30"`);
      return new HttpError('validation_failed', fields.map((f) => f.messages.join('; ')).join('; '), {
        errors: fields.map(({ field, messages }) => ({ field, messages })),
      });
    },
  });
}
