import { useMemo, useState } from 'react';
import { api } from '../../api';
import { Chart } from '../../ui/Chart';
import { DataTable } from '../../ui/DataTable';
import { formatMoney } from '../../ui/format';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { ReportChoice, ReportPanel } from './ReportPanel';
import { FinanceGrouping, FinanceReport } from './report-shapes';
import { FINANCE_CSV, financeChartData } from './report-tables';
import { ReportWindow } from './report-window';

const GROUP_LABEL: Record<FinanceGrouping, string> = { day: 'day', channel: 'channel', currency: 'currency' };

/** Money over the window: authorised, captured, refunded, outstanding on invoices, failed payments; per currency, never summed across. */
export function FinanceReportPanel({ window }: { window: ReportWindow }) {
  const [groupBy, setGroupBy] = useState<FinanceGrouping>('day');
  const report = useApi(() => api.get<FinanceReport>('/reports/finance', { ...window, groupBy }), [window.from, window.to, groupBy]);
  const chart = useMemo(() => financeChartData(report.data?.rows ?? []), [report.data]);
  const title = `Finance by ${GROUP_LABEL[groupBy]}`;
  return (
    <ReportPanel title={title} csv={report.data ? { filename: `finance-by-${groupBy}.csv`, rows: report.data.rows, columns: FINANCE_CSV } : undefined}>
      <ReportChoice id="finance-group" label="Group by" value={groupBy} options={GROUP_LABEL} onChange={setGroupBy} />
      <Show loaded={report}>
        {(r) => (
          <>
            <div className="figures">
              {r.totalsByCurrency.map((t) => (
                <div className="figure" key={t.currency}>
                  <div className="value">{formatMoney(t.capturedMinor, t.currency)}</div>
                  <div className="label">
                    captured, {formatMoney(t.refundedMinor, t.currency)} refunded, {formatMoney(t.outstandingMinor, t.currency)} outstanding
                  </div>
                </div>
              ))}
              <div className="figure">
                <div className="value">{r.totals.failedPayments}</div>
                <div className="label">failed payments</div>
              </div>
            </div>
            <Chart type="bar" data={chart} label={`${title} chart`} />
            <DataTable
              caption={title}
              rows={r.rows}
              rowKey={(row) => `${row.key}/${row.currency}`}
              empty="No payment was recorded in this window."
              columns={[
                { header: GROUP_LABEL[groupBy], cell: (row) => row.key },
                { header: 'Currency', cell: (row) => row.currency },
                { header: 'Authorised', cell: (row) => formatMoney(row.authorizedMinor, row.currency), numeric: true },
                { header: 'Captured', cell: (row) => formatMoney(row.capturedMinor, row.currency), numeric: true },
                { header: 'Refunded', cell: (row) => formatMoney(row.refundedMinor, row.currency), numeric: true },
                { header: 'Outstanding', cell: (row) => formatMoney(row.outstandingMinor, row.currency), numeric: true },
                { header: 'Failed payments', cell: (row) => row.failedPayments, numeric: true },
              ]}
            />
          </>
        )}
      </Show>
    </ReportPanel>
  );
}
