import { CURRENCIES, currencyExponent, formatMinor, INVOICE_CREDIT_REFERENCE } from '@orderflow/contracts';
import { INVOICE_CREDIT } from '../web/src/pages/orders/payments';
import { formatMoney, minorDigits } from '../web/src/ui/format';

/**
 * The console formats amounts with its own copy of the currencies' exponents, and recognises an
 * invoice credit by its own copy of its reference (the browser bundle cannot load the contracts).
 * Here, on the Node side, the copies are held to the contracts' originals.
 */
describe("the console's money", () => {
  it('knows the true exponent of every ISO 4217 currency', () => {
    const currencies = [...CURRENCIES];
    expect(currencies.length).toBeGreaterThan(150);
    expect(currencies.filter((c) => minorDigits(c) !== currencyExponent(c))).toEqual([]);
  });

  // Amounts below 1,000 of the major unit: no grouping separator, whatever the locale.
  it.each([
    [999, 'EUR'],
    [999, 'JPY'],
    [1299, 'KWD'],
    [5, 'EUR'],
  ])('writes %i %s with the decimals of its minor unit, no more, no fewer', (minor, currency) => {
    const decimals = formatMinor(minor, currency).split('.')[1] ?? '';
    const shown = formatMoney(minor, currency).replace(/[^\d.,]/g, '');
    expect(shown.match(/[.,](\d+)$/)?.[1] ?? '').toBe(decimals);
  });

  it("recognises a refund credited against an invoice by the contracts' reference", () => {
    expect(INVOICE_CREDIT).toBe(INVOICE_CREDIT_REFERENCE);
  });
});
