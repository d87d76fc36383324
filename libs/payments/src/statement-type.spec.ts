import { Money } from '@saoma/money';
import { statementType } from './wallets.service';

describe('statementType', () => {
  const cny = (minor: bigint) => Money.of(minor, 'CNY');

  it('reads a transfer between two wallets from the end the statement is of', () => {
    expect(statementType('transfer', undefined, cny(-500n))).toBe('transfer_out');
    expect(statementType('transfer', undefined, cny(500n))).toBe('transfer_in');
  });

  it('takes the line type an entry names over its kind', () => {
    expect(statementType('transfer_return', 'transfer_returned', cny(500n))).toBe('transfer_returned');
    expect(statementType('payment', 'bill', cny(-500n))).toBe('bill');
  });

  it('types every other line by its entry kind', () => {
    expect(statementType('topup', undefined, cny(500n))).toBe('topup');
    expect(statementType('withdrawal_returned', undefined, cny(500n))).toBe('withdrawal_returned');
  });
});
