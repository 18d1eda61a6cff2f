import { useMemo, useState } from 'react';
import { api } from '../../api';
import { DataTable } from '../../ui/DataTable';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { ReportChoice, ReportPanel } from './ReportPanel';
import { TrendRanking, TrendsReport } from './report-shapes';
import { formatChange, formatPercent, TRENDS_CSV, trendRows } from './report-tables';
import { ReportWindow } from './report-window';

const RANK_LABEL: Record<TrendRanking, string> = { change: 'units gained or lost', relative: 'share gained or lost' };

/** The SKUs rising and falling fastest: the report window against the window of equal length before it. */
export function TrendsReportPanel({ window }: { window: ReportWindow }) {
  const [rankBy, setRankBy] = useState<TrendRanking>('change');
  const report = useApi(() => api.get<TrendsReport>('/reports/trends', { ...window, rankBy, limit: 10 }), [window.from, window.to, rankBy]);
  const rows = useMemo(() => (report.data ? trendRows(report.data) : []), [report.data]);
  const title = 'SKU trends';
  return (
    <ReportPanel title={title} csv={report.data ? { filename: `sku-trends-by-${rankBy}.csv`, rows, columns: TRENDS_CSV } : undefined}>
      <ReportChoice id="trends-rank" label="Rank by" value={rankBy} options={RANK_LABEL} onChange={setRankBy} />
      <Show loaded={report}>
        {(r) => (
          <>
            <p className="muted">
              {r.totals.units} units against {r.totals.previousUnits} in the {Number(r.days.toFixed(1))} days before; {r.totals.rising} SKUs rising, {r.totals.falling} falling.
            </p>
            <DataTable
              caption={`${title}: rising first, then falling`}
              rows={rows}
              rowKey={(row) => `${row.direction}/${row.sku}`}
              empty="No SKU sold in either window."
              columns={[
                { header: 'Direction', cell: (row) => row.direction },
                { header: 'Rank', cell: (row) => (rankBy === 'change' ? row.rankByChange : row.rankByRelativeChange), numeric: true },
                { header: 'SKU', cell: (row) => row.sku },
                { header: 'Category', cell: (row) => row.category },
                { header: 'Units', cell: (row) => row.units, numeric: true },
                { header: 'Before', cell: (row) => row.previousUnits, numeric: true },
                { header: 'Change', cell: (row) => formatChange(row.change), numeric: true },
                { header: 'Relative', cell: (row) => (row.relativeChange === null ? 'new' : formatPercent(row.relativeChange)), numeric: true },
              ]}
            />
          </>
        )}
      </Show>
    </ReportPanel>
  );
}
