import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { QUERY_SCHEMA } from '@orderflow/projections';
import { Projected, readProjection } from '../infrastructure/http/read-model';
import { ReportWindow } from './report-window';

export const FinanceGrouping = z.enum(['day', 'channel', 'currency']);
export type FinanceGrouping = z.infer<typeof FinanceGrouping>;

const money = (description: string) => z.number().int().describe(`${description}; integer minor units of the currency`);

/** The figures, each a sum (or count) of the order events that recorded the fact, by their recording time. */
const figures = {
  authorizedMinor: money('Σ OrderPaymentAuthorized'),
  capturedMinor: money("Σ OrderPaymentCaptured: shipments' captures and channels' checkout captures"),
  refundedMinor: money('Σ OrderRefundSettled given back by the payment provider (invoice credits are not: they lower outstandingMinor)'),
  outstandingMinor: money(
    "What invoice orders owe: their totals at confirmation (OrderConfirmed, paymentMode invoice), minus their credits (OrderRefundSettled, providerReference invoice-credit), minus the totals of invoice orders cancelled",
  ),
  failedPayments: z.number().int().describe('How many OrderPaymentAuthorizationFailed, OrderPaymentCaptureFailed and OrderRefundFailed'),
};

export const FinanceRow = z.object({
  key: z.string().describe('The day (UTC) of the facts, the channel, or the currency'),
  currency: z.string(),
  ...figures,
});
export type FinanceRow = z.infer<typeof FinanceRow>;

export const FinanceCurrencyTotals = z.object({ currency: z.string(), ...figures });
export type FinanceCurrencyTotals = z.infer<typeof FinanceCurrencyTotals>;

const nullableMoney = (schema: z.ZodNumber) => schema.nullable();
export const FinanceTotals = z
  .object({
    currency: z.string().nullable().describe('The one currency of the selection; null when it holds several, or none'),
    authorizedMinor: nullableMoney(figures.authorizedMinor),
    capturedMinor: nullableMoney(figures.capturedMinor),
    refundedMinor: nullableMoney(figures.refundedMinor),
    outstandingMinor: nullableMoney(figures.outstandingMinor),
    failedPayments: figures.failedPayments,
  })
  .describe('The sums of the selection when it holds one currency (0 when it holds none); its money fields are null when it holds several, see totalsByCurrency');
export type FinanceTotals = z.infer<typeof FinanceTotals>;

export const FinanceReport = ReportWindow.extend({
  groupBy: FinanceGrouping,
  currency: z.string().nullable().describe('The currency filter, if any'),
  channel: z.string().nullable().describe("The channel filter, if any; a channel key's own channel when it gave none (it sees no other)"),
  rows: z.array(FinanceRow).describe('Per key and currency (amounts only ever add within one currency), by key, then currency'),
  totals: FinanceTotals,
  totalsByCurrency: z.array(FinanceCurrencyTotals).describe('The sums per currency, always present'),
});
export type FinanceReport = z.infer<typeof FinanceReport>;

export interface FinanceSelection {
  groupBy: FinanceGrouping;
  currency?: string;
  channel?: string;
  /** A channel key's own channel: it sees nothing else, whatever it filters on. */
  onlyChannel?: string;
}

const L = `${QUERY_SCHEMA}.payment_ledger`;
const KEY: Record<FinanceGrouping, string> = {
  day: `to_char(l.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  channel: 'l.channel',
  currency: 'l.currency',
};
const sumOf = (kinds: string) => `coalesce(sum(l.amount_minor) FILTER (WHERE l.kind IN (${kinds})), 0)`;
const figuresJson = (p: string) =>
  `'authorizedMinor', ${p}authorized, 'capturedMinor', ${p}captured, 'refundedMinor', ${p}refunded, 'outstandingMinor', ${p}outstanding, 'failedPayments', ${p}failed`;

/** The finance report: one statement over the payment ledger, grouped and summed by PostgreSQL. */
@Injectable()
export class FinanceQueries {
  constructor(private readonly dataSource: DataSource) {}

  async finance(window: ReportWindow, selection: FinanceSelection): Promise<Projected<FinanceReport>> {
    const sql = `
      WITH rows AS (
        SELECT ${KEY[selection.groupBy]} AS key, l.currency,
               ${sumOf(`'AUTHORIZED'`)} AS authorized,
               ${sumOf(`'CAPTURED'`)} AS captured,
               ${sumOf(`'REFUNDED'`)} AS refunded,
               ${sumOf(`'INVOICED'`)} - ${sumOf(`'INVOICE_CREDITED', 'INVOICE_CANCELLED'`)} AS outstanding,
               count(*) FILTER (WHERE l.kind IN ('AUTHORIZATION_FAILED', 'CAPTURE_FAILED', 'REFUND_FAILED')) AS failed
          FROM ${L} l
         WHERE l.recorded_at >= $1 AND l.recorded_at < $2
           AND ($3::text IS NULL OR l.currency = $3) AND ($4::text IS NULL OR l.channel = $4) AND ($5::text IS NULL OR l.channel = $5)
         GROUP BY 1, 2),
      per_currency AS (
        SELECT currency, sum(authorized) AS authorized, sum(captured) AS captured, sum(refunded) AS refunded,
               sum(outstanding) AS outstanding, sum(failed) AS failed
          FROM rows GROUP BY currency)
      SELECT json_build_object(
        'rows', (SELECT coalesce(json_agg(json_build_object('key', r.key, 'currency', r.currency, ${figuresJson('r.')}) ORDER BY r.key COLLATE "C", r.currency), '[]'::json) FROM rows r),
        'totalsByCurrency', (SELECT coalesce(json_agg(json_build_object('currency', c.currency, ${figuresJson('c.')}) ORDER BY c.currency), '[]'::json) FROM per_currency c))`;
    const read = await readProjection<Pick<FinanceReport, 'rows' | 'totalsByCurrency'>>(this.dataSource, 'payments', sql, [
      window.from,
      window.to,
      selection.currency ?? null,
      selection.channel ?? null,
      selection.onlyChannel ?? null,
    ]);
    const { rows, totalsByCurrency } = read.body!;
    return {
      position: read.position,
      body: {
        ...window,
        groupBy: selection.groupBy,
        currency: selection.currency ?? null,
        channel: selection.channel ?? selection.onlyChannel ?? null,
        rows,
        totals: totalsOf(totalsByCurrency),
        totalsByCurrency,
      },
    };
  }
}

/** Money adds up within one currency only: the totals are that currency's, or counts alone. */
function totalsOf(perCurrency: FinanceCurrencyTotals[]): FinanceTotals {
  const failedPayments = perCurrency.reduce((n, c) => n + c.failedPayments, 0);
  if (perCurrency.length === 1) return perCurrency[0];
  const none = perCurrency.length === 0 ? 0 : null;
  return { currency: null, authorizedMinor: none, capturedMinor: none, refundedMinor: none, outstandingMinor: none, failedPayments };
}
