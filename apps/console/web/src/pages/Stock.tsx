import { useState } from 'react';
import { api } from '../api';
import { Link, useLocation } from '../router';
import { DataTable } from '../ui/DataTable';
import { Page, Show } from '../ui/Page';
import { useApi } from '../use-api';
import { StockHistoryPanel } from './stock/StockHistoryPanel';
import { isLow } from './stock/stock-series';

/** GET /inventory (apps/query-service/src/inventory/inventory-queries.ts): scarcest first. */
interface StockRow {
  sku: string;
  warehouseId: string;
  warehouseName: string | null;
  region: string | null;
  onHand: number;
  reserved: number;
  available: number;
  backordered: number;
}
interface StockList {
  items: StockRow[];
  truncated: boolean;
}

const DEFAULT_THRESHOLD = 10;

/** Stock per SKU and warehouse, the scarcest first; `?sku=` adds that SKU's history. */
export function StockPage(_: { params: Record<string, string> }) {
  const { query } = useLocation();
  const sku = query.get('sku');
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [onlyLow, setOnlyLow] = useState(false);
  const [limit, setLimit] = useState(100);
  const stock = useApi(() => api.get<StockList>('/inventory', { belowAvailable: onlyLow ? threshold : undefined, limit }), [onlyLow, threshold, limit]);

  return (
    <Page title="Stock">
      <div className="stack">
        {sku ? <StockHistoryPanel key={sku} sku={sku} /> : null}
        <section aria-label="Stock levels">
          <div className="toolbar">
            <div className="field">
              <label htmlFor="low-threshold">Low stock below (available)</label>
              <input
                id="low-threshold"
                type="number"
                step={1}
                value={threshold}
                onChange={(e) => setThreshold(e.target.value === '' ? 0 : Math.trunc(Number(e.target.value)))}
              />
            </div>
            <label className="check">
              <input type="checkbox" checked={onlyLow} onChange={(e) => setOnlyLow(e.target.checked)} /> Only low stock
            </label>
            <div className="field">
              <label htmlFor="stock-rows">Rows</label>
              <select id="stock-rows" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
                {[100, 250, 500].map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </div>
          </div>
          <Show loaded={stock}>
            {(list) => (
              <>
                <DataTable
                  caption="Stock"
                  rows={list.items}
                  rowKey={(r) => `${r.sku}/${r.warehouseId}`}
                  rowClass={(r) => (isLow(r, threshold) ? 'low' : undefined)}
                  empty={onlyLow ? `Nothing has fewer than ${threshold} available.` : 'No stock recorded yet.'}
                  columns={[
                    { header: 'SKU', cell: (r) => <Link to={`/stock?sku=${encodeURIComponent(r.sku)}`}>{r.sku}</Link> },
                    { header: 'Warehouse', cell: (r) => (r.warehouseName ? `${r.warehouseName} (${r.warehouseId})` : r.warehouseId) },
                    { header: 'Region', cell: (r) => r.region ?? '—' },
                    { header: 'On hand', cell: (r) => r.onHand, numeric: true },
                    { header: 'Reserved', cell: (r) => r.reserved, numeric: true },
                    { header: 'Available', cell: (r) => (isLow(r, threshold) ? `${r.available} (low)` : r.available), numeric: true },
                    { header: 'Backordered (SKU)', cell: (r) => r.backordered, numeric: true },
                  ]}
                />
                {list.truncated ? <p className="muted">The scarcest {limit} rows are shown; choose more rows or only low stock to see the rest.</p> : null}
              </>
            )}
          </Show>
        </section>
      </div>
    </Page>
  );
}
