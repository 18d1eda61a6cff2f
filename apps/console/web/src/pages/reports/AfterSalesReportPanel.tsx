import { useMemo } from 'react';
import { api } from '../../api';
import { Chart } from '../../ui/Chart';
import { DataTable } from '../../ui/DataTable';
import { formatMoney } from '../../ui/format';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { ReportPanel } from './ReportPanel';
import { AfterSalesReport } from './report-shapes';
import { formatPercent, rate, RETURN_RATE_CSV, returnRateChartData } from './report-tables';
import { ReportWindow } from './report-window';

export function AfterSalesReportPanel({ window }: { window: ReportWindow }) {
  const report = useApi(() => api.get<AfterSalesReport>('/reports/after-sales', { ...window }), [window.from, window.to]);
  const chart = useMemo(() => returnRateChartData(report.data?.returnRateBySku ?? []), [report.data]);
  return (
    <ReportPanel title="After-sales" csv={report.data ? { filename: 'return-rates-by-sku.csv', rows: report.data.returnRateBySku, columns: RETURN_RATE_CSV } : undefined}>
      <Show loaded={report}>
        {(r) => (
          <>
            <div className="figures">
              <div className="figure">
                <div className="value">{r.returns.received}</div>
                <div className="label">
                  returns received ({r.returns.authorized} authorised, {r.returns.rejected} rejected)
                </div>
              </div>
              <div className="figure">
                <div className="value">{formatPercent(rate(r.complaints.resolvedWithinDeadline, r.complaints.resolved))}</div>
                <div className="label">
                  complaints resolved in time ({r.complaints.resolved} resolved, {r.complaints.opened} opened)
                </div>
              </div>
              <div className="figure">
                <div className="value">{r.exchanges.authorized}</div>
                <div className="label">exchanges ({r.exchanges.shipped} shipped)</div>
              </div>
              {r.refunds.map((f) => (
                <div className="figure" key={f.currency}>
                  <div className="value">{formatMoney(f.amountMinor, f.currency)}</div>
                  <div className="label">
                    refunded in {f.refunds} refund(s), goodwill {formatMoney(f.goodwillMinor, f.currency)}
                  </div>
                </div>
              ))}
            </div>
            <Chart type="bar" data={chart} label="Return rate by SKU chart" />
            <DataTable
              caption="Return rate by SKU"
              rows={r.returnRateBySku}
              rowKey={(row) => row.sku}
              empty="Nothing was delivered or returned in this window."
              columns={[
                { header: 'SKU', cell: (row) => row.sku },
                { header: 'Delivered', cell: (row) => row.deliveredUnits, numeric: true },
                { header: 'Returned', cell: (row) => row.returnedUnits, numeric: true },
                { header: 'Return rate', cell: (row) => formatPercent(row.returnRate), numeric: true },
              ]}
            />
            <DataTable
              caption="Returns by reason"
              rows={r.returnsByReason}
              rowKey={(row) => row.reason}
              empty="No return was received in this window."
              columns={[
                { header: 'Reason', cell: (row) => row.reason },
                { header: 'Returns', cell: (row) => row.returns, numeric: true },
                { header: 'Units', cell: (row) => row.returnedUnits, numeric: true },
              ]}
            />
          </>
        )}
      </Show>
    </ReportPanel>
  );
}
