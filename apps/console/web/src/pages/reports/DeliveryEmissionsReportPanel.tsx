import { useMemo, useState } from 'react';
import { api } from '../../api';
import { Chart } from '../../ui/Chart';
import { DataTable } from '../../ui/DataTable';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { ReportChoice, ReportPanel } from './ReportPanel';
import { DeliveryEmissionsReport, EmissionGrouping } from './report-shapes';
import { EMISSIONS_CSV, emissionsChartData } from './report-tables';
import { ReportWindow } from './report-window';

const GROUP_LABEL: Record<EmissionGrouping, string> = { day: 'day', warehouse: 'warehouse', carrier: 'carrier' };
const orDash = (n: number | null) => (n === null ? '—' : n);

/** How far parcels travel and the CO₂ that is estimated to take: distance × the carrier's factor at booking. */
export function DeliveryEmissionsReportPanel({ window }: { window: ReportWindow }) {
  const [groupBy, setGroupBy] = useState<EmissionGrouping>('day');
  const report = useApi(() => api.get<DeliveryEmissionsReport>('/reports/delivery-emissions', { ...window, groupBy }), [window.from, window.to, groupBy]);
  const chart = useMemo(() => emissionsChartData(report.data?.rows ?? []), [report.data]);
  const title = `Delivery emissions by ${GROUP_LABEL[groupBy]}`;
  return (
    <ReportPanel title={title} csv={report.data ? { filename: `delivery-emissions-by-${groupBy}.csv`, rows: report.data.rows, columns: EMISSIONS_CSV } : undefined}>
      <ReportChoice id="emissions-group" label="Group by" value={groupBy} options={GROUP_LABEL} onChange={setGroupBy} />
      <Show loaded={report}>
        {(r) => (
          <>
            <div className="figures">
              <div className="figure">
                <div className="value">{(r.totals.co2Grams / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} kg</div>
                <div className="label">CO₂ estimated over {r.totals.estimatedShipments} shipments</div>
              </div>
              <div className="figure">
                <div className="value">{orDash(r.totals.averageDistanceKm)} km</div>
                <div className="label">
                  average distance, {r.totals.measuredShipments} of {r.totals.shipments} shipments measured
                </div>
              </div>
              <div className="figure">
                <div className="value">{orDash(r.totals.averageCo2GramsPerShipment)} g</div>
                <div className="label">CO₂ per shipment</div>
              </div>
            </div>
            <Chart type="bar" data={chart} label={`${title} chart`} />
            <DataTable
              caption={title}
              rows={r.rows}
              rowKey={(row) => row.key}
              empty="No shipment was booked in this window."
              columns={[
                { header: GROUP_LABEL[groupBy], cell: (row) => row.key },
                { header: 'Shipments', cell: (row) => row.shipments, numeric: true },
                { header: 'Measured', cell: (row) => row.measuredShipments, numeric: true },
                { header: 'Distance (km)', cell: (row) => row.totalDistanceKm, numeric: true },
                { header: 'Average (km)', cell: (row) => orDash(row.averageDistanceKm), numeric: true },
                { header: 'Estimated', cell: (row) => row.estimatedShipments, numeric: true },
                { header: 'CO₂ (g)', cell: (row) => row.co2Grams, numeric: true },
                { header: 'CO₂ per shipment (g)', cell: (row) => orDash(row.averageCo2GramsPerShipment), numeric: true },
              ]}
            />
          </>
        )}
      </Show>
    </ReportPanel>
  );
}
