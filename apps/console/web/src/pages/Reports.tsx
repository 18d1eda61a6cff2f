import { useState } from 'react';
import { Page } from '../ui/Page';
import { AfterSalesReportPanel } from './reports/AfterSalesReportPanel';
import { DeliveryEmissionsReportPanel } from './reports/DeliveryEmissionsReportPanel';
import { FinanceReportPanel } from './reports/FinanceReportPanel';
import { FulfillmentReportPanel } from './reports/FulfillmentReportPanel';
import { lastDays, ReportWindow } from './reports/report-window';
import { SalesReportPanel } from './reports/SalesReportPanel';
import { TrendsReportPanel } from './reports/TrendsReportPanel';

/** Sales, fulfilment, after-sales, finance, SKU trends and delivery emissions over one window, each with a table and a CSV. */
export function ReportsPage(_: { params: Record<string, string> }) {
  const [window, setWindow] = useState<ReportWindow>(() => lastDays(7));
  return (
    <Page title="Reports">
      <form className="filters" aria-label="Report window" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="report-from">From</label>
          <input id="report-from" type="date" value={window.from} onChange={(e) => setWindow((w) => ({ ...w, from: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor="report-to">To (exclusive)</label>
          <input id="report-to" type="date" value={window.to} onChange={(e) => setWindow((w) => ({ ...w, to: e.target.value }))} aria-describedby="report-to-hint" />
        </div>
        <p id="report-to-hint" className="muted">
          Dates are UTC days; without an end, up to now.
        </p>
      </form>
      <div className="stack">
        <SalesReportPanel window={window} />
        <FulfillmentReportPanel window={window} />
        <AfterSalesReportPanel window={window} />
        <FinanceReportPanel window={window} />
        <TrendsReportPanel window={window} />
        <DeliveryEmissionsReportPanel window={window} />
      </div>
    </Page>
  );
}
