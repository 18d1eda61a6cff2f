import { INVOICE_CREDIT_REFERENCE } from '@orderflow/contracts';
import { HistoryWriter } from './order-history';

/**
 * The finance report's figures computed straight from the events the test appended, with plain
 * code and none of the projection's SQL: the definitions of the report, read off the events.
 */
type D = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ExpectedFinanceRow {
  key: string;
  currency: string;
  authorizedMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  outstandingMinor: number;
  failedPayments: number;
}

export function expectedFinance(
  w: HistoryWriter,
  { from, to, groupBy, currency, channel }: { from: Date; to: Date; groupBy: 'day' | 'channel' | 'currency'; currency?: string; channel?: string },
) {
  const invoices = new Map<string, { total: number; currency: string }>();
  for (const e of w.ofType('OrderConfirmed')) if (e.data.paymentMode === 'invoice') invoices.set(e.data.orderId, { total: e.data.totalMinor, currency: e.data.currency });
  const rows = new Map<string, ExpectedFinanceRow>();
  const add = (e: { recordedAt: Date; data: D }, money: string, change: Partial<Omit<ExpectedFinanceRow, 'key' | 'currency'>>) => {
    if (e.recordedAt < from || e.recordedAt >= to) return;
    if ((currency && money !== currency) || (channel && e.data.channel !== channel)) return;
    const key = groupBy === 'day' ? e.recordedAt.toISOString().slice(0, 10) : groupBy === 'channel' ? e.data.channel : money;
    const id = `${key}|${money}`;
    const row = rows.get(id) ?? { key, currency: money, authorizedMinor: 0, capturedMinor: 0, refundedMinor: 0, outstandingMinor: 0, failedPayments: 0 };
    for (const [field, by] of Object.entries(change) as [keyof typeof change, number][]) row[field] += by;
    rows.set(id, row);
  };
  for (const e of w.log) {
    const d = e.data as D;
    switch (e.type) {
      case 'OrderConfirmed':
        if (d.paymentMode === 'invoice') add(e, d.currency, { outstandingMinor: d.totalMinor });
        break;
      case 'OrderCancelled': {
        const invoice = invoices.get(d.orderId);
        if (invoice) add(e, invoice.currency, { outstandingMinor: -invoice.total });
        break;
      }
      case 'OrderPaymentAuthorized':
        add(e, d.currency, { authorizedMinor: d.amountMinor });
        break;
      case 'OrderPaymentCaptured':
        add(e, d.currency, { capturedMinor: d.amountMinor });
        break;
      case 'OrderRefundSettled':
        add(e, d.currency, d.providerReference === INVOICE_CREDIT_REFERENCE ? { outstandingMinor: -d.amountMinor } : { refundedMinor: d.amountMinor });
        break;
      case 'OrderPaymentAuthorizationFailed':
      case 'OrderPaymentCaptureFailed':
      case 'OrderRefundFailed':
        add(e, d.currency, { failedPayments: 1 });
        break;
      default:
        break;
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.currency < b.currency ? -1 : 1));
  const byCurrency = new Map<string, Omit<ExpectedFinanceRow, 'key'>>();
  for (const { key: _key, ...r } of sorted) {
    const t = byCurrency.get(r.currency) ?? { currency: r.currency, authorizedMinor: 0, capturedMinor: 0, refundedMinor: 0, outstandingMinor: 0, failedPayments: 0 };
    t.authorizedMinor += r.authorizedMinor;
    t.capturedMinor += r.capturedMinor;
    t.refundedMinor += r.refundedMinor;
    t.outstandingMinor += r.outstandingMinor;
    t.failedPayments += r.failedPayments;
    byCurrency.set(r.currency, t);
  }
  const totalsByCurrency = [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return { rows: sorted, totalsByCurrency };
}
