import { useMemo, useState } from 'react';
import { api } from '../../api';
import { Chart } from '../../ui/Chart';
import { DataTable } from '../../ui/DataTable';
import { formatMoney } from '../../ui/format';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { ReportChoice, ReportPanel } from './ReportPanel';
import { SalesGrouping, SalesReport } from './report-shapes';
import { SALES_CSV, salesChartData } from './report-tables';
import { ReportWindow } from './report-window';

const GROUP_LABEL: Record<SalesGrouping, string> = { day: 'day', channel: 'channel', sku: 'SKU' };

export function SalesReportPanel({ window }: { window: ReportWindow }) {
  const [groupBy, setGroupBy] = useState<SalesGrouping>('day');
  const report = useApi(() => api.get<SalesReport>('/reports/sales', { ...window, groupBy }), [window.from, window.to, groupBy]);
  const chart = useMemo(() => salesChartData(report.data?.groups ?? []), [report.data]);
  const title = `Sales by ${GROUP_LABEL[groupBy]}`;
  return (
    <ReportPanel title={title} csv={report.data ? { filename: `sales-by-${groupBy}.csv`, rows: report.data.groups, columns: SALES_CSV } : undefined}>
      <ReportChoice id="sales-group" label="Group by" value={groupBy} options={GROUP_LABEL} onChange={setGroupBy} />
      <Show loaded={report}>
        {(r) => (
          <>
            <Chart type="bar" data={chart} label={`${title} chart`} />
            <DataTable
              caption={title}
              rows={r.groups}
              rowKey={(g) => `${g.key}/${g.currency}`}
              empty="No order was placed in this window."
              columns={[
                { header: GROUP_LABEL[groupBy], cell: (g) => g.key },
                { header: 'Currency', cell: (g) => g.currency ?? '—' },
                { header: 'Orders', cell: (g) => g.orders, numeric: true },
                { header: 'Units', cell: (g) => g.units, numeric: true },
                { header: 'Revenue', cell: (g) => formatMoney(g.revenueMinor, g.currency), numeric: true },
                { header: 'Rejected', cell: (g) => g.rejected, numeric: true },
                { header: 'Cancelled', cell: (g) => g.cancellations, numeric: true },
                { header: 'Cancelled value', cell: (g) => formatMoney(g.cancelledMinor, g.currency), numeric: true },
              ]}
            />
          </>
        )}
      </Show>
    </ReportPanel>
  );
}
