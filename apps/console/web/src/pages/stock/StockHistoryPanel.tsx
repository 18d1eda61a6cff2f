import { useMemo, useState } from 'react';
import { api } from '../../api';
import { Link } from '../../router';
import { Chart } from '../../ui/Chart';
import { DataTable } from '../../ui/DataTable';
import { formatInstant } from '../../ui/format';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { StockHistory, stockChartData } from './stock-series';

interface SkuStock {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  backordered: number;
  warehouses: { warehouseId: string; warehouseName: string | null }[];
}

/** How one SKU's stock moved, event by event: a chart per warehouse (or all), and the events. */
export function StockHistoryPanel({ sku }: { sku: string }) {
  const [warehouseId, setWarehouseId] = useState('');
  const stock = useApi(() => api.get<SkuStock>(`/inventory/${encodeURIComponent(sku)}`), [sku]);
  const history = useApi(() => api.get<StockHistory>(`/inventory/${encodeURIComponent(sku)}/history`, { warehouseId, limit: 500 }), [sku, warehouseId]);
  const chart = useMemo(() => (history.data ? stockChartData(history.data.points, warehouseId || undefined) : undefined), [history.data, warehouseId]);

  return (
    <section className="panel" aria-labelledby="history-title">
      <div className="page-header">
        <h2 id="history-title">History of {sku}</h2>
        <Link to="/stock">Close history</Link>
      </div>
      {stock.data ? (
        <div className="figures">
          {(['onHand', 'reserved', 'available', 'backordered'] as const).map((k) => (
            <div className="figure" key={k}>
              <div className="value">{stock.data![k]}</div>
              <div className="label">{{ onHand: 'on hand', reserved: 'reserved', available: 'available', backordered: 'backordered' }[k]}</div>
            </div>
          ))}
        </div>
      ) : null}
      <div className="toolbar">
        <div className="field">
          <label htmlFor="history-warehouse">Warehouse</label>
          <select id="history-warehouse" value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
            <option value="">All warehouses (available)</option>
            {(stock.data?.warehouses ?? []).map((w) => (
              <option key={w.warehouseId} value={w.warehouseId}>
                {w.warehouseName ? `${w.warehouseName} (${w.warehouseId})` : w.warehouseId}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Show loaded={history}>
        {(h) => (
          <>
            <Chart type="line" data={chart!} label={`Stock history of ${sku} chart`} />
            {h.earlierPoints > 0 ? <p className="muted">The latest {h.points.length} changes are shown; {h.earlierPoints} earlier ones are left out.</p> : null}
            <DataTable
              caption={`Stock changes of ${sku}, newest first`}
              rows={[...h.points].reverse()}
              rowKey={(p) => `${p.position}/${p.warehouseId}`}
              empty="No stock change recorded."
              columns={[
                { header: 'When', cell: (p) => formatInstant(p.at) },
                { header: 'Event', cell: (p) => p.type },
                { header: 'Warehouse', cell: (p) => p.warehouseId },
                { header: 'On hand', cell: (p) => p.onHand, numeric: true },
                { header: 'Reserved', cell: (p) => p.reserved, numeric: true },
                { header: 'Available', cell: (p) => p.available, numeric: true },
                { header: 'Position', cell: (p) => p.position, numeric: true },
              ]}
            />
          </>
        )}
      </Show>
    </section>
  );
}
