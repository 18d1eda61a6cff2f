import { useMemo } from 'react';
import { api } from '../../api';
import { Chart } from '../../ui/Chart';
import { DataTable } from '../../ui/DataTable';
import { formatAge } from '../../ui/format';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { ReportPanel } from './ReportPanel';
import { FulfillmentReport } from './report-shapes';
import { formatPercent, LEAD_TIME_CSV, leadTimeChartData, leadTimeRows } from './report-tables';
import { ReportWindow } from './report-window';

// In the unit that reads best: a same-hour fulfilment is minutes or seconds, not "0 h".
const hours = (h: number | null) => (h === null ? '—' : formatAge(h * 3600));

export function FulfillmentReportPanel({ window }: { window: ReportWindow }) {
  const report = useApi(() => api.get<FulfillmentReport>('/reports/fulfillment', { ...window }), [window.from, window.to]);
  const rows = useMemo(() => (report.data ? leadTimeRows(report.data) : []), [report.data]);
  const chart = useMemo(() => leadTimeChartData(rows), [rows]);
  return (
    <ReportPanel title="Fulfilment times" csv={report.data ? { filename: 'fulfilment-times.csv', rows, columns: LEAD_TIME_CSV } : undefined}>
      <Show loaded={report}>
        {(r) => (
          <>
            <div className="figures">
              <div className="figure">
                <div className="value">{formatPercent(r.onTimeDelivery.rate)}</div>
                <div className="label">
                  delivered on time ({r.onTimeDelivery.onTime} of {r.onTimeDelivery.delivered})
                </div>
              </div>
              <div className="figure">
                <div className="value">{r.delayedShipments.count}</div>
                <div className="label">shipments delayed</div>
              </div>
              <div className="figure">
                <div className="value">{r.backorderAgeing.orders}</div>
                <div className="label">orders backordered now, oldest {formatAge(r.backorderAgeing.oldestSeconds)}</div>
              </div>
            </div>
            <Chart type="bar" data={chart} label="Fulfilment times p50 and p90 chart" />
            <DataTable
              caption="Fulfilment times"
              rows={rows}
              rowKey={(row) => row.name}
              columns={[
                { header: 'From → to', cell: (row) => row.label },
                { header: 'Orders', cell: (row) => row.count, numeric: true },
                { header: 'p50', cell: (row) => hours(row.p50Hours), numeric: true },
                { header: 'p90', cell: (row) => hours(row.p90Hours), numeric: true },
                { header: 'Longest', cell: (row) => hours(row.maxHours), numeric: true },
              ]}
            />
          </>
        )}
      </Show>
    </ReportPanel>
  );
}
