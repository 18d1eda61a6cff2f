import { useMemo } from 'react';
import { api } from '../../api';
import { Chart } from '../../ui/Chart';
import { Show } from '../../ui/Page';
import { useApi } from '../../use-api';
import { funnelSteps } from './funnel';
import type { Funnel } from './overview-types';

/** How far the orders of the last 7 days (the report's default window) got: placed → delivered. */
export function FunnelPanel() {
  const funnel = useApi(() => api.get<Funnel>('/reports/funnel'), [], { refreshMs: 30_000 });
  return (
    <section className="panel" aria-labelledby="funnel-title">
      <h2 id="funnel-title">Status funnel, last 7 days</h2>
      <Show loaded={funnel}>{(data) => <FunnelView funnel={data} />}</Show>
    </section>
  );
}

function FunnelView({ funnel }: { funnel: Funnel }) {
  const steps = useMemo(() => funnelSteps(funnel), [funnel]);
  const data = useMemo(() => ({ labels: steps.map((s) => s.label), datasets: [{ label: 'Orders', data: steps.map((s) => s.orders) }] }), [steps]);
  const options = useMemo(() => ({ indexAxis: 'y' as const, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } } }), []);
  return (
    <>
      <dl className="figures">
        {steps.map((s) => (
          <div className="figure" key={s.stage}>
            <dt className="label">{s.label}</dt>
            <dd className="value">{s.orders}</dd>
            {s.percentOfPlaced !== null && s.stage !== 'placed' ? <dd className="muted">{s.percentOfPlaced}% of placed</dd> : null}
          </div>
        ))}
      </dl>
      <Chart type="bar" data={data} options={options} label="Status funnel chart" height={200} />
    </>
  );
}
