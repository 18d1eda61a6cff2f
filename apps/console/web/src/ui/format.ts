/** How the console writes ages, amounts and moments: the same everywhere. */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/**
 * ISO 4217 minor-unit exponents that are not 2: a copy of libs/contracts' table (iso.ts), which the
 * bundle cannot import; apps/console/src/money.unit.spec.ts holds the copy to the original.
 */
export const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Digits of a currency's minor unit, its true exponent: EUR 2 (cents), JPY 0, KWD 3. */
export const minorDigits = (currency: string | null | undefined): number => (currency && Object.hasOwn(MINOR_DIGITS, currency) ? MINOR_DIGITS[currency] : 2);

/** Minor units in their currency, with its exponent (1299 EUR is 12.99 €, 1299 JPY is ¥1,299); "—" when unknown. */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined) return '—';
  const digits = minorDigits(currency);
  const amount = minor / 10 ** digits;
  if (!currency) return amount.toFixed(digits);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
