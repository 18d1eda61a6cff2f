import { useEffect, useMemo, useRef } from 'react';
import { api } from '../../api';
import { useLive } from '../../live';
import { Chart } from '../../ui/Chart';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { perMinuteSeries } from './orders-per-minute';
import type { OrdersPerMinute } from './overview-types';

const MINUTES = 60;
/** New orders redraw the chart at most this often: a burst of thousands is one reload, not thousands. */
const LIVE_RELOAD_MS = 2000;

/** Orders per minute by channel, the last hour: reloaded on a timer and when live order events arrive. */
export function OrdersPerMinutePanel() {
  const report = useApi(() => api.get<OrdersPerMinute>('/reports/orders-per-minute', { minutes: MINUTES }), [], { refreshMs: 30_000 });
  const lastReload = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);
  useLive((e) => {
    if (e.event !== 'order' || pending.current) return;
    const wait = Math.max(0, lastReload.current + LIVE_RELOAD_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = undefined;
      lastReload.current = Date.now();
      report.reload();
    }, wait);
  });
  return (
    <section className="panel" aria-labelledby="opm-title">
      <h2 id="opm-title">Orders per minute</h2>
      <Show loaded={report}>{(data) => <PerMinuteChart report={data} />}</Show>
    </section>
  );
}

function PerMinuteChart({ report }: { report: OrdersPerMinute }) {
  const series = useMemo(() => perMinuteSeries(report), [report]);
  const data = useMemo(
    () => ({
      labels: series.minutes.map((m) => new Date(m).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })),
      datasets: series.channels.map((c) => ({ label: c.channel, data: c.orders })),
    }),
    [series],
  );
  // Stacked: each minute's bar is all orders, its parts the channels (lines of several channels hide each other).
  const options = useMemo(() => ({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' as const } } }), []);
  return (
    <>
      <p className="muted">
        {series.total} order(s) in the last {series.minutes.length} minutes, {series.channels.length} channel(s).
      </p>
      <Chart type="bar" data={data} options={options} label="Orders per minute by channel chart" />
    </>
  );
}
